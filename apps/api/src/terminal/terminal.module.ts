import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GradingModule } from '../grading/grading.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TerminalGateway } from './terminal.gateway';
import { TerminalsService } from './terminals.service';
import { TranscriptsService } from './transcripts.service';

/** The learner's shell over socket.io (/terminal), one sandboxed PTY per session, its output recorded. */
@Module({
  imports: [AuthModule, SessionsModule, GradingModule],
  providers: [TerminalsService, TerminalGateway, TranscriptsService],
  exports: [TranscriptsService],
})
export class TerminalModule {}
