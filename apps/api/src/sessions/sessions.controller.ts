import type { SessionStartView } from '@kubebelt/contract';
import { Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Me } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('labs/:labId/sessions')
  @ApiOperation({
    summary:
      "Start a lab session (or resume the learner's running one): its clusters, set-up and home",
  })
  async start(@Me() me: SignedIn, @Param('labId') labId: string) {
    return this.sessions.view(await this.sessions.start(me.account.id, labId));
  }

  @Get('labs/:labId/sessions/starting')
  @ApiOperation({
    summary:
      "The step the learner's start of this lab is at (cluster, setup, terminal), null when none is in progress",
  })
  starting(@Me() me: SignedIn, @Param('labId') labId: string): SessionStartView {
    return { labId, step: this.sessions.startStep(me.account.id, labId) };
  }

  @Get('sessions')
  async list(@Me() me: SignedIn) {
    return (await this.sessions.listMine(me.account.id)).map((s) => this.sessions.view(s));
  }

  @Get('sessions/:id')
  async get(@Me() me: SignedIn, @Param('id') id: string) {
    return this.sessions.view(await this.sessions.mine(me.account.id, id));
  }

  @Post('sessions/:id/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back to the start: fresh clusters with the set-up, a fresh home' })
  async reset(@Me() me: SignedIn, @Param('id') id: string) {
    return this.sessions.view(await this.sessions.reset(me.account.id, id));
  }

  @Post('sessions/:id/end')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End the session: clusters and terminal stop, its kubeconfig stops working',
  })
  async end(@Me() me: SignedIn, @Param('id') id: string) {
    return this.sessions.view(await this.sessions.end(me.account.id, id));
  }

  @Post('sessions/:id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Push the idle expiry back (up to the hard limit)' })
  async extend(@Me() me: SignedIn, @Param('id') id: string) {
    return this.sessions.view(await this.sessions.extend(me.account.id, id));
  }

  @Get('sessions/:id/kubeconfig')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiOperation({
    summary:
      "A kubeconfig for the learner's own kubectl, through this server under /clusters/ (revoked when the session ends)",
  })
  async kubeconfig(@Me() me: SignedIn, @Param('id') id: string, @Req() req: Request) {
    const proto =
      (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0] ?? req.protocol;
    const host =
      (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host ?? 'localhost';
    return this.sessions.kubeconfig(me.account.id, id, `${proto}://${host}`);
  }
}
