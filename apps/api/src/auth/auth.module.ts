import { Module } from '@nestjs/common';
import { DemoAccountsSeeder } from './demo-accounts.seeder';

/** Accounts and sign-in. For now: the demo accounts seeded on first start. */
@Module({
  providers: [DemoAccountsSeeder],
  exports: [DemoAccountsSeeder],
})
export class AuthModule {}
