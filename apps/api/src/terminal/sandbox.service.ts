import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { detectSandbox, type SandboxStatus } from './sandbox';

/** How learner shells run on this machine, decided once at start-up and said in one line. */
@Injectable()
export class SandboxService {
  private readonly status: SandboxStatus;

  constructor(config: AppConfig) {
    this.status = detectSandbox(config.platform.sandbox, config.host);
    const logger = new Logger('Terminal');
    if (this.status.mode === 'bwrap')
      logger.log('Terminals run in bubblewrap sandboxes (uid 65534, no network)');
    else logger.warn(this.status.reason ?? '');
  }

  mode(): SandboxStatus['mode'] {
    return this.status.mode;
  }

  health(): SandboxStatus {
    return this.status;
  }
}
