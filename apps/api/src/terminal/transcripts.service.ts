import type { TranscriptView } from '@kubebelt/contract';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Database } from '../database/database';
import type { LabSession } from '../database/prisma-client';
import { PlatformSettings } from '../settings/platform-settings.service';
import { TerminalsService } from './terminals.service';

/** A session's output is written at most this often... */
const FLUSH_MS = 2_000;
/** ... or as soon as this much is waiting. */
const FLUSH_BYTES = 64 * 1024;
const DAY_MS = 24 * 60 * 60_000;
const SWEEP_MS = 60 * 60_000;

interface Recorder {
  pending: Buffer[];
  pendingBytes: number;
  /** The next chunk's number and the bytes the session keeps, read from the database on first write. */
  nextSeq?: number;
  keptBytes?: number;
  timer?: NodeJS.Timeout;
  /** The writes of one session go one after the other. */
  writing: Promise<void>;
}

/**
 * Records each lab session's terminal output (what the shell wrote, the echo of the learner's
 * typing included) in the database, in chunks: at most `transcriptMaxKiB` per session, the
 * oldest chunks dropped first, and every chunk deleted `transcriptRetentionDays` after it was
 * written. Instructors read it back read-only (see ClassesService.transcript).
 */
@Injectable()
export class TranscriptsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Transcripts');
  private readonly recorders = new Map<string, Recorder>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly settings: PlatformSettings,
    terminals: TerminalsService,
  ) {
    terminals.onOutput((sessionId, data) => this.record(sessionId, data));
    terminals.onClosed((sessionId, reason) => {
      const written = this.flush(sessionId);
      // after a reset the new shell writes on (the recorder keeps its chunk numbers); otherwise
      // the recorder goes once its last write is done, unless output came meanwhile
      if (reason !== 'reset')
        void written.then(() => {
          const recorder = this.recorders.get(sessionId);
          if (recorder && !recorder.pendingBytes) this.recorders.delete(sessionId);
        });
    });
  }

  private get prisma() {
    return this.database.prisma;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((error) => this.logger.warn(`Sweep failed: ${error.message}`));
    this.sweeper = setInterval(() => {
      this.sweep().catch((error) => this.logger.warn(`Sweep failed: ${error.message}`));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.flushAll();
  }

  /** The most of a session's output kept, in bytes. */
  private cap(): number {
    return this.settings.get('transcriptMaxKiB') * 1024;
  }

  record(sessionId: string, data: string): void {
    let recorder = this.recorders.get(sessionId);
    if (!recorder) {
      recorder = { pending: [], pendingBytes: 0, writing: Promise.resolve() };
      this.recorders.set(sessionId, recorder);
    }
    const bytes = Buffer.from(data, 'utf8');
    recorder.pending.push(bytes);
    recorder.pendingBytes += bytes.length;
    if (recorder.pendingBytes >= FLUSH_BYTES) void this.flush(sessionId);
    else if (!recorder.timer) {
      recorder.timer = setTimeout(() => void this.flush(sessionId), FLUSH_MS);
      recorder.timer.unref();
    }
  }

  /** Writes what the session's shell printed since the last write. */
  flush(sessionId: string): Promise<void> {
    const recorder = this.recorders.get(sessionId);
    if (!recorder) return Promise.resolve();
    if (recorder.timer) clearTimeout(recorder.timer);
    recorder.timer = undefined;
    if (!recorder.pendingBytes) return recorder.writing;
    const data = Buffer.concat(recorder.pending);
    recorder.pending = [];
    recorder.pendingBytes = 0;
    recorder.writing = recorder.writing
      .then(() => this.write(sessionId, recorder, data))
      .catch((error) =>
        this.logger.warn(`Recording the terminal of ${sessionId} failed: ${error.message}`),
      );
    return recorder.writing;
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.recorders.keys()].map((id) => this.flush(id)));
  }

  private async write(sessionId: string, recorder: Recorder, output: Buffer): Promise<void> {
    if (recorder.nextSeq === undefined || recorder.keptBytes === undefined) {
      const kept = await this.prisma.transcriptChunk.aggregate({
        where: { sessionId },
        _max: { seq: true },
        _sum: { size: true },
      });
      recorder.nextSeq = (kept._max.seq ?? -1) + 1;
      recorder.keptBytes = kept._sum.size ?? 0;
    }
    const cap = this.cap();
    let data = output;
    if (data.length > cap) {
      data = data.subarray(data.length - cap);
      // a number is skipped, so the transcript shows that its beginning is gone
      recorder.nextSeq++;
    }
    await this.prisma.transcriptChunk.create({
      data: { sessionId, seq: recorder.nextSeq, data: new Uint8Array(data), size: data.length },
    });
    recorder.nextSeq++;
    recorder.keptBytes += data.length;
    if (recorder.keptBytes > cap)
      recorder.keptBytes -= await this.dropOldest(sessionId, recorder.keptBytes - cap);
  }

  /** Deletes the session's oldest chunks until at least `excess` bytes are gone; returns the bytes deleted. */
  private async dropOldest(sessionId: string, excess: number): Promise<number> {
    const chunks = await this.prisma.transcriptChunk.findMany({
      where: { sessionId },
      select: { seq: true, size: true },
      orderBy: { seq: 'asc' },
    });
    let dropped = 0;
    let last = -1;
    for (const chunk of chunks) {
      if (dropped >= excess) break;
      dropped += chunk.size;
      last = chunk.seq;
    }
    await this.prisma.transcriptChunk.deleteMany({ where: { sessionId, seq: { lte: last } } });
    return dropped;
  }

  /** Deletes the chunks older than the retention period. */
  async sweep(now = Date.now()): Promise<number> {
    const before = new Date(now - this.settings.get('transcriptRetentionDays') * DAY_MS);
    const { count } = await this.prisma.transcriptChunk.deleteMany({
      where: { at: { lt: before } },
    });
    if (count)
      this.logger.log(`Deleted ${count} transcript chunks older than ${before.toISOString()}`);
    return count;
  }

  /** A session's transcript as recorded so far (what is still waiting is written first). */
  async read(session: LabSession): Promise<TranscriptView> {
    await this.flush(session.id);
    const chunks = await this.prisma.transcriptChunk.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });
    const data = Buffer.concat(chunks.map((c) => Buffer.from(c.data)));
    return {
      sessionId: session.id,
      labId: session.labId,
      kind: session.kind === 'exam' ? 'exam' : 'lab',
      startedAt: session.startedAt.toISOString(),
      endedAt: session.endedAt?.toISOString() ?? null,
      output: data.toString('utf8'),
      bytes: data.length,
      truncated: chunks.length > 0 && chunks[0].seq !== 0,
    };
  }
}
