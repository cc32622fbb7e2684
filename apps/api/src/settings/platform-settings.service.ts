import {
  type PlatformSettingKey,
  PlatformSettingsValues,
  type PlatformSettingsView,
  type UpdatePlatformSettingsRequest,
} from '@kubebelt/contract';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';

const KEYS = Object.keys(PlatformSettingsValues.shape) as PlatformSettingKey[];

/**
 * The settings an admin may change while the platform runs (session limits, exam review window,
 * transcript retention and cap, self-registration). The environment gives the defaults; the
 * values an admin sets are stored in the database and win over them. The services read them
 * here on each use, so a change applies to the next session, check or sweep without a restart.
 */
@Injectable()
export class PlatformSettings implements OnModuleInit {
  private readonly logger = new Logger(PlatformSettings.name);
  /** The database's rows, read at start-up and rewritten on each change (the database is the truth). */
  private overrides: Partial<PlatformSettingsValues> = {};

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  /** The environment's values. */
  defaults(): PlatformSettingsValues {
    const p = this.config.platform;
    return {
      sessionIdleMinutes: p.sessionIdleMinutes,
      sessionMaxMinutes: p.sessionMaxMinutes,
      maxSessionsPerAccount: p.maxSessionsPerAccount,
      examReviewHours: p.examReviewHours,
      transcriptRetentionDays: p.transcriptRetentionDays,
      transcriptMaxKiB: p.transcriptMaxKiB,
      selfRegistration: p.selfRegistration,
    };
  }

  get<K extends PlatformSettingKey>(key: K): PlatformSettingsValues[K] {
    return (this.overrides[key] ?? this.defaults()[key]) as PlatformSettingsValues[K];
  }

  view(): PlatformSettingsView {
    const defaults = this.defaults();
    return {
      values: { ...defaults, ...this.overrides },
      defaults,
      overridden: KEYS.filter((k) => this.overrides[k] !== undefined),
    };
  }

  /** Sets (or, with null, clears) the given settings; one audit event lists what changed. */
  async update(
    actorId: string,
    patch: UpdatePlatformSettingsRequest,
  ): Promise<PlatformSettingsView> {
    const before = this.view().values;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of KEYS) {
      const value = patch[key];
      if (value === undefined) continue;
      if (value === null) await this.database.prisma.platformSetting.deleteMany({ where: { key } });
      else
        await this.database.prisma.platformSetting.upsert({
          where: { key },
          create: { key, value, updatedById: actorId },
          update: { value, updatedById: actorId },
        });
    }
    await this.load();
    const after = this.view().values;
    for (const key of KEYS)
      if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
    if (Object.keys(changes).length)
      await this.audit.record({
        actorId,
        action: 'settings.changed',
        target: { type: 'settings', id: 'platform' },
        detail: changes,
      });
    return this.view();
  }

  private async load(): Promise<void> {
    const rows = await this.database.prisma.platformSetting.findMany();
    const overrides: Record<string, unknown> = {};
    for (const row of rows) {
      const schema = PlatformSettingsValues.shape[row.key as PlatformSettingKey];
      const parsed = schema?.safeParse(row.value);
      // a row the current schema no longer accepts (a renamed key, a narrower range) is ignored
      if (parsed?.success) overrides[row.key] = parsed.data;
      else this.logger.warn(`Ignoring the stored setting ${row.key}: ${JSON.stringify(row.value)}`);
    }
    this.overrides = overrides as Partial<PlatformSettingsValues>;
  }
}
