import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AccountsController } from './accounts.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { DemoAccountsSeeder } from './demo-accounts.seeder';
import { LoginThrottle } from './login-throttle';

/** Accounts, sign-in with a session cookie, invitations, and the guard every route passes. */
@Module({
  imports: [
    // only routes with @Throttle() are limited (the default allows far more than a person clicks)
    ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 10_000 }]),
  ],
  controllers: [AuthController, AccountsController],
  providers: [
    AuthService,
    LoginThrottle,
    DemoAccountsSeeder,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [DemoAccountsSeeder, AuthService],
})
export class AuthModule {}
