import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { describeCreatedAccounts, seedDemoAccounts } from './demo-accounts';

/**
 * Seeds the demo accounts (unless KUBEBELT_DEMO_ACCOUNTS=false). main calls it once the server
 * listens, so that the passwords are never printed by a start that then fails.
 */
@Injectable()
export class DemoAccountsSeeder {
  private readonly logger = new Logger(DemoAccountsSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
  ) {}

  async seed(): Promise<void> {
    if (!this.config.seedDemoAccounts) return;
    const fixed = this.config.platform.demoPassword;
    const created = await seedDemoAccounts(this.database.prisma, fixed);
    if (fixed) {
      this.logger.log('Demo accounts use the password set in KUBEBELT_DEMO_PASSWORD');
      return;
    }
    if (created.length === 0) {
      this.logger.log('Demo accounts already exist; their passwords were shown when created');
      return;
    }
    // straight to stdout, whatever LOG_LEVEL says: this is the only time they can be read
    process.stdout.write(`\n${describeCreatedAccounts(created)}\n`);
  }
}
