import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { Database } from '../database/database';
import { LabEnvironments } from '../sessions/lab-environments';
import { SessionsService } from '../sessions/sessions.service';
import { SandboxService } from '../terminal/sandbox.service';
import type { HealthReport } from './health-report';

// read once: the package's own version, as built
const { version } = require('../../package.json') as { version: string };

@Injectable()
export class HealthService {
  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
    private readonly sandbox: SandboxService,
    private readonly environments: LabEnvironments,
    private readonly sessions: SessionsService,
  ) {}

  async check(): Promise<HealthReport> {
    const report: HealthReport = {
      status: 'ok',
      database: 'ok',
      databaseProvider: this.database.provider,
      version,
      uptimeSeconds: Math.round(process.uptime()),
      content: this.catalog.health(),
      terminal: this.sandbox.health(),
      clusters: {
        sessions: this.environments.all().length,
        clusters: this.environments.clusterCount(),
      },
      drivers: this.sessions.driverHealth(),
    };
    // content that could not be read at all leaves nothing to teach: the platform is not healthy
    if (report.content.status === 'error') report.status = 'error';
    try {
      await this.database.ping();
    } catch (error) {
      return { ...report, status: 'error', database: 'error', error: (error as Error).message };
    }
    return report;
  }
}
