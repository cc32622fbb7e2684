import { LoginRequest, RegisterRequest, UpdateMeRequest } from '@kubebelt/contract';
import { Body, Controller, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { accountView } from './accounts';
import { AuthService, SESSION_DAYS } from './auth.service';
import { Me, Public } from './decorators';
import { SESSION_COOKIE, type SignedIn } from './signed-in';

class LoginDto extends createZodDto(LoginRequest) {}
class RegisterDto extends createZodDto(RegisterRequest) {}
class UpdateMeDto extends createZodDto(UpdateMeRequest) {}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly database: Database,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  // per IP (a class of 200 behind one NAT signs in within a minute); failed attempts per account
  // are limited by LoginThrottle
  @Throttle({ default: { limit: 300, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in: sets the httpOnly session cookie (SameSite=Lax)' })
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    const { account, token } = await this.auth.login(body.email, body.password);
    this.setCookie(res, token);
    return accountView(account);
  }

  @Public()
  @Post('register')
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Create an account with an invitation token, or freely when self-registration is on',
  })
  async register(@Body() body: RegisterDto, @Res({ passthrough: true }) res: Response) {
    const account = await this.auth.register(body);
    this.setCookie(res, await this.auth.startSession(account.id));
    return accountView(account);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Me() me: SignedIn, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(me.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@Me() me: SignedIn) {
    return accountView(me.account);
  }

  @Patch('me')
  async update(@Me() me: SignedIn, @Body() body: UpdateMeDto) {
    const account = await this.database.prisma.account.update({
      where: { id: me.account.id },
      data: {
        ...(body.locale !== undefined ? { locale: body.locale } : {}),
        ...(body.name ? { name: body.name } : {}),
      },
    });
    return accountView(account);
  }

  private setCookie(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.platform.secureCookies,
      path: '/',
      maxAge: SESSION_DAYS * 24 * 60 * 60_000,
    });
  }
}
