import { CreateAccountRequest, CreateInvitationRequest } from '@kubebelt/contract';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Database } from '../database/database';
import { accountView } from './accounts';
import { AuthService } from './auth.service';
import { Me, Roles } from './decorators';
import type { SignedIn } from './signed-in';

class CreateAccountDto extends createZodDto(CreateAccountRequest) {}
class CreateInvitationDto extends createZodDto(CreateInvitationRequest) {}

@ApiTags('accounts')
@Controller()
@Roles('admin')
export class AccountsController {
  constructor(
    private readonly auth: AuthService,
    private readonly database: Database,
  ) {}

  @Get('accounts')
  async list() {
    const accounts = await this.database.prisma.account.findMany({ orderBy: { createdAt: 'asc' } });
    return accounts.map(accountView);
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create an account (admin)' })
  async create(@Body() body: CreateAccountDto) {
    return accountView(await this.auth.createAccount(body));
  }

  @Post('invitations')
  @ApiOperation({
    summary: 'Invite someone to register with a role (admin); the token is shown once',
  })
  async invite(@Me() me: SignedIn, @Body() body: CreateInvitationDto) {
    const { invitation, token } = await this.auth.createInvitation(
      me.account.id,
      body.email,
      body.role,
      body.validDays,
    );
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      token,
    };
  }
}
