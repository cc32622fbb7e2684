import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { HealthReport } from './health-report';

// read once: the package's own version, as built
const { version } = require('../../package.json') as { version: string };

@Injectable()
export class HealthService {
  constructor(private readonly database: Database) {}

  async check(): Promise<HealthReport> {
    const report: HealthReport = {
      status: 'ok',
      database: 'ok',
      databaseProvider: this.database.provider,
      version,
      uptimeSeconds: Math.round(process.uptime()),
    };
    try {
      await this.database.ping();
    } catch (error) {
      return { ...report, status: 'error', database: 'error', error: (error as Error).message };
    }
    return report;
  }
}
