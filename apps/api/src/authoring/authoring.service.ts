import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AuthoredKind,
  AuthoredSummary,
  AuthoredView,
  ContentFiles,
  ContentProblem,
  VerifyOutcome,
  VerifyStreamEvent,
} from '@kubebelt/contract';
import {
  contentTemplate,
  FOLDER_LIMITS,
  folderFileProblems,
  folderHeader,
  folderKind,
  lintContentFiles,
  loadContent,
  verifyLab,
  writeContentFolder,
} from '@kubebelt/labs';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { SignedIn } from '../auth/signed-in';
import { CatalogService } from '../catalog/catalog.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { AuthoredItem, AuthoredVersion } from '../database/prisma-client';
import { InstancesService } from '../instances/instances.service';
import { ArchiveError, packFolder, unpackFolder } from './content-archive';
import { VerifyQueue } from './verify-queue';

type ItemWithVersions = AuthoredItem & {
  owner: { email: string };
  versions: (AuthoredVersion & { publishedBy: { email: string } })[];
};

/** How often versions published through another API process are looked for. */
const REFRESH_MS = 10_000;
/** Verify runs at once in this process; each starts one cluster, plus one per mistake. */
const VERIFY_SLOTS = 2;

/**
 * Labs, quizzes and exams written in the browser: a draft of the folder's files per item, linted
 * as labs/ is; Verify runs the lab's own test on the draft; publishing stores a numbered version
 * and serves it beside labs/ (folders under <data>/authored/<process>/<id>/v<n>, written again at start-up
 * from the database, which holds the truth).
 */
@Injectable()
export class AuthoringService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthoringService.name);
  private readonly queue = new VerifyQueue(VERIFY_SLOTS);
  /** The version of each published item this process serves. */
  private readonly served = new Map<string, number>();
  private refresher?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly instances: InstancesService,
  ) {}

  private get prisma() {
    return this.database.prisma;
  }

  /** Per process: processes sharing a data directory each write their own copies. */
  private get publishedRoot(): string {
    return join(
      this.config.dataDir,
      'authored',
      this.instances.id.replace(/[^A-Za-z0-9._-]/g, '_'),
    );
  }

  async onModuleInit(): Promise<void> {
    if (this.refresher) clearInterval(this.refresher);
    rmSync(this.publishedRoot, { recursive: true, force: true });
    this.served.clear();
    await this.refresh();
    // another API process sharing the database may publish: its versions are served here too
    this.refresher = setInterval(() => {
      this.refresh().catch((error) =>
        this.logger.warn(`Reading published versions failed: ${(error as Error).message}`),
      );
    }, REFRESH_MS);
    this.refresher.unref();
  }

  onModuleDestroy(): void {
    if (this.refresher) clearInterval(this.refresher);
  }

  /** Serves every latest published version not served yet (written again from the database). */
  private async refresh(): Promise<void> {
    const items = await this.prisma.authoredItem.findMany({
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    for (const item of items) {
      const [latest] = item.versions;
      if (!latest || this.served.get(item.itemId) === latest.version) continue;
      try {
        this.serve(item.itemId, latest.version, JSON.parse(latest.files));
      } catch (error) {
        this.logger.error(
          `Published ${item.itemId} v${latest.version} not served: ${(error as Error).message}`,
        );
        // said once: looked at again when a newer version is published
        this.served.set(item.itemId, latest.version);
      }
    }
  }

  async list(me: SignedIn): Promise<AuthoredSummary[]> {
    const items = await this.prisma.authoredItem.findMany({
      where: me.account.role === 'admin' ? {} : { ownerId: me.account.id },
      include: this.withVersions,
      orderBy: { updatedAt: 'desc' },
    });
    return items.map((i) => this.summary(i));
  }

  async create(me: SignedIn, kind: AuthoredKind, id: string): Promise<AuthoredView> {
    await this.assertIdFree(id);
    const files = contentTemplate(kind, id);
    const item = await this.prisma.authoredItem.create({
      data: {
        kind,
        itemId: id,
        ownerId: me.account.id,
        draft: JSON.stringify(files),
        draftHash: hashFiles(files),
      },
      include: this.withVersions,
    });
    return this.view(item);
  }

  async get(me: SignedIn, id: string): Promise<AuthoredView> {
    return this.view(await this.owned(me, id));
  }

  /** Lints files without storing them: what the editor marks as the author types. */
  validate(files: ContentFiles): ContentProblem[] {
    const linted = lintContentFiles(files);
    linted.dispose();
    return linted.problems;
  }

  async save(me: SignedIn, id: string, files: ContentFiles): Promise<AuthoredView> {
    const item = await this.owned(me, id);
    const pathProblems = folderFileProblems(files);
    if (pathProblems.length) throw new BadRequestException(pathProblems.join('; '));
    const kind = folderKind(files);
    if (kind !== item.kind)
      throw new BadRequestException(
        `this item is a ${item.kind}: it keeps its ${item.kind.toLowerCase()}.yaml`,
      );
    const itemId = declaredId(files) ?? item.itemId;
    if (itemId !== item.itemId) {
      if (item.versions.length)
        throw new ConflictException(
          `"${item.itemId}" is published: its id stays (sessions, attempts and assignments name it)`,
        );
      await this.assertIdFree(itemId);
    }
    const saved = await this.prisma.authoredItem.update({
      where: { id: item.id },
      data: { itemId, draft: JSON.stringify(files), draftHash: hashFiles(files) },
      include: this.withVersions,
    });
    return this.view(saved);
  }

  async remove(me: SignedIn, id: string): Promise<void> {
    const item = await this.owned(me, id);
    if (item.versions.length)
      throw new ConflictException(
        `"${item.itemId}" is published: learners' sessions and attempts name it`,
      );
    await this.prisma.authoredItem.delete({ where: { id: item.id } });
  }

  /**
   * Runs the item's own test on its saved draft (set-up, checks fail, solution, checks pass,
   * each mistake fails its check), telling `send` each step; the outcome is kept with the hash
   * of the files it verified.
   */
  async verify(
    me: SignedIn,
    id: string,
    send: (event: VerifyStreamEvent) => void,
  ): Promise<VerifyOutcome | undefined> {
    const item = await this.owned(me, id);
    if (item.kind === 'Quiz')
      throw new BadRequestException('a quiz has no cluster to verify: it publishes once it lints');
    const files: ContentFiles = JSON.parse(item.draft);
    const linted = lintContentFiles(files);
    try {
      if (linted.problems.length) {
        send({
          step: 'error',
          message: `${linted.problems.length} problems: fix them before verifying`,
        });
        return undefined;
      }
      const loaded = linted.catalog.labs.get(item.itemId) ?? linted.catalog.exams.get(item.itemId);
      if (!loaded) throw new Error(`no lab or exam "${item.itemId}" in the draft`);
      const result = await this.queue.run(
        () =>
          verifyLab(loaded, {
            onEvent: (e) => e.step !== 'finished' && send(e as VerifyStreamEvent),
          }),
        (position) => send({ step: 'queued', position }),
      );
      const outcome: VerifyOutcome = {
        hash: item.draftHash,
        ok: result.ok,
        at: new Date().toISOString(),
        durationMs: result.durationMs,
        checks: result.checks,
        passingBefore: result.passingBefore,
        passingAfter: result.passingAfter,
        mistakes: result.mistakes,
        failures: result.failures,
      };
      await this.prisma.authoredItem.updateMany({
        where: { id: item.id, draftHash: item.draftHash },
        data: { lastVerify: JSON.stringify(outcome) },
      });
      send({ step: 'finished', outcome });
      return outcome;
    } finally {
      linted.dispose();
    }
  }

  async publish(me: SignedIn, id: string): Promise<AuthoredView> {
    const item = await this.owned(me, id);
    const files: ContentFiles = JSON.parse(item.draft);
    const problems = this.validate(files);
    if (problems.length)
      throw new BadRequestException(
        `${problems.length} problems: ${problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`,
      );
    if (!this.verified(item))
      throw new ConflictException(
        'Verify these files first: labs and exams publish after their Verify passed',
      );
    const latest = item.versions[0];
    if (latest?.hash === item.draftHash)
      throw new ConflictException(`v${latest.version} already holds these files`);
    const version = (latest?.version ?? 0) + 1;
    this.serve(item.itemId, version, files);
    await this.prisma.authoredVersion.create({
      data: {
        itemId: item.id,
        version,
        files: item.draft,
        hash: item.draftHash,
        publishedById: me.account.id,
      },
    });
    await this.audit.record({
      actorId: me.account.id,
      action: 'content.published',
      target: { type: item.kind.toLowerCase(), id: item.itemId },
      detail: { version, hash: item.draftHash },
    });
    return this.get(me, id);
  }

  /** The folder as a .tar.gz: the draft, or a published version. */
  async exportArchive(
    me: SignedIn,
    id: string,
    version?: number,
  ): Promise<{ name: string; archive: Buffer }> {
    const item = await this.owned(me, id);
    let draft = item.draft;
    if (version !== undefined) {
      const found = item.versions.find((v) => v.version === version);
      if (!found) throw new NotFoundException(`${item.itemId} has no version ${version}`);
      draft = found.files;
    }
    const name = `${item.itemId}${version ? `-v${version}` : ''}.tar.gz`;
    return { name, archive: await packFolder(item.itemId, JSON.parse(draft)) };
  }

  /**
   * A folder exported here or packed from labs/ (`tar -czf x.tar.gz <id>`): a new item, or the
   * new draft of the caller's item with that id.
   */
  async importArchive(me: SignedIn, archive: Buffer): Promise<AuthoredView> {
    let files: ContentFiles;
    try {
      files = await unpackFolder(archive, FOLDER_LIMITS.bytes);
    } catch (error) {
      if (error instanceof ArchiveError) throw new BadRequestException(error.message);
      throw error;
    }
    const pathProblems = folderFileProblems(files);
    if (pathProblems.length) throw new BadRequestException(pathProblems.join('; '));
    const kind = folderKind(files) as AuthoredKind;
    const itemId = declaredId(files);
    if (!itemId) throw new BadRequestException(`${kind.toLowerCase()}.yaml has no id`);
    const existing = await this.prisma.authoredItem.findUnique({ where: { itemId } });
    if (existing) {
      if (existing.ownerId !== me.account.id && me.account.role !== 'admin')
        throw new ConflictException(`id "${itemId}" is another author's`);
      if (existing.kind !== kind) throw new ConflictException(`"${itemId}" is a ${existing.kind}`);
      return this.save(me, existing.id, files);
    }
    await this.assertIdFree(itemId);
    const item = await this.prisma.authoredItem.create({
      data: {
        kind,
        itemId,
        ownerId: me.account.id,
        draft: JSON.stringify(files),
        draftHash: hashFiles(files),
      },
      include: this.withVersions,
    });
    return this.view(item);
  }

  private serve(itemId: string, version: number, files: ContentFiles): void {
    const dir = join(this.publishedRoot, itemId, `v${version}`);
    writeContentFolder(dir, files);
    const loaded = loadContent(dir);
    if (loaded.problems.length) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    this.catalog.publishAuthored(itemId, loaded);
    this.served.set(itemId, version);
  }

  private readonly withVersions = {
    owner: { select: { email: true } },
    versions: {
      orderBy: { version: 'desc' as const },
      include: { publishedBy: { select: { email: true } } },
    },
  };

  /** The item, if the caller wrote it (or is an admin); 404 otherwise, as for anything not theirs. */
  private async owned(me: SignedIn, id: string): Promise<ItemWithVersions> {
    const item = await this.prisma.authoredItem.findUnique({
      where: { id },
      include: this.withVersions,
    });
    if (!item || (item.ownerId !== me.account.id && me.account.role !== 'admin'))
      throw new NotFoundException(`No authored item ${id}`);
    return item;
  }

  private async assertIdFree(id: string): Promise<void> {
    if (this.catalog.isFromFiles(id))
      throw new ConflictException(`id "${id}" is used by a lab, quiz or exam of the content tree`);
    if (await this.prisma.authoredItem.findUnique({ where: { itemId: id } }))
      throw new ConflictException(`id "${id}" is used by another authored item`);
  }

  private verified(item: ItemWithVersions): boolean {
    if (item.kind === 'Quiz') return true;
    const last = item.lastVerify ? (JSON.parse(item.lastVerify) as VerifyOutcome) : undefined;
    return !!last?.ok && last.hash === item.draftHash;
  }

  private summary(item: ItemWithVersions): AuthoredSummary {
    const files: ContentFiles = JSON.parse(item.draft);
    const latest = item.versions[0];
    return {
      id: item.id,
      kind: item.kind as AuthoredKind,
      itemId: item.itemId,
      title: folderHeader(files).title?.en ?? item.itemId,
      owner: item.owner.email,
      published: latest?.version ?? null,
      changed: latest?.hash !== item.draftHash,
      updatedAt: item.updatedAt.toISOString(),
    };
  }

  private view(item: ItemWithVersions): AuthoredView {
    const files: ContentFiles = JSON.parse(item.draft);
    const problems = this.validate(files);
    const lastVerify = item.lastVerify ? (JSON.parse(item.lastVerify) as VerifyOutcome) : null;
    return {
      ...this.summary(item),
      files,
      hash: item.draftHash,
      problems,
      lastVerify,
      canPublish:
        !problems.length && this.verified(item) && item.versions[0]?.hash !== item.draftHash,
      versions: item.versions.map((v) => ({
        version: v.version,
        hash: v.hash,
        publishedBy: v.publishedBy.email,
        publishedAt: v.publishedAt.toISOString(),
      })),
    };
  }
}

/** sha256 of the files, the same whatever order their paths came in. */
export function hashFiles(files: ContentFiles): string {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${files[path]}\0`);
  return hash.digest('hex');
}

/** The id the content file declares (read before linting, so that a draft with problems still has one). */
function declaredId(files: ContentFiles): string | undefined {
  const { id } = folderHeader(files);
  return id && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) ? id : undefined;
}
