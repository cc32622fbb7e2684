import {
  CreateAccountRequest,
  CreateInvitationRequest,
  UpdateAccountRequest,
} from '@kubebelt/contract';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { accountView } from './accounts';
import { AuthService } from './auth.service';
import { Me, Roles } from './decorators';
import type { SignedIn } from './signed-in';

class CreateAccountDto extends createZodDto(CreateAccountRequest) {}
class CreateInvitationDto extends createZodDto(CreateInvitationRequest) {}
class UpdateAccountDto extends createZodDto(UpdateAccountRequest) {}

@ApiTags('accounts')
@Controller()
@Roles('admin')
export class AccountsController {
  constructor(private readonly auth: AuthService) {}

  @Get('accounts')
  @ApiOperation({ summary: 'Every account with its role and whether it is disabled (admin)' })
  list() {
    return this.auth.listAccounts();
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create an account (admin)' })
  async create(@Me() me: SignedIn, @Body() body: CreateAccountDto) {
    return accountView(await this.auth.createAccount(body, me.account.id));
  }

  @Patch('accounts/:id')
  @ApiOperation({
    summary: "Change an account's role, or disable it (signed out at once) or enable it (admin)",
  })
  update(@Me() me: SignedIn, @Param('id') id: string, @Body() body: UpdateAccountDto) {
    return this.auth.updateAccount(me.account.id, id, body);
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
