import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';

/** How often a process says it is alive. */
const HEARTBEAT_MS = 3_000;
/** How long what is known of the other processes is reused before asking the database again. */
const PEERS_CACHE_MS = 1_000;

export interface Peer {
  id: string;
  url: string;
}

/**
 * This API process among the others that share the database: its id, its heartbeat, and which
 * processes are alive. A session lives in one process's memory (its owner); the others send its
 * requests there, and adopt it from its snapshot when the owner stops beating.
 */
@Injectable()
export class InstancesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Instances');
  readonly id: string;
  private url = '';
  private heartbeat?: NodeJS.Timeout;
  private peers?: { at: number; alive: Map<string, Peer> };

  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {
    // the same machine and port after a restart is the same process: its sessions come back at
    // once, instead of after the others stop waiting for its heartbeat
    this.id = config.instances.id ?? `${hostname()}:${config.port}`;
  }

  private get prisma() {
    return this.database.prisma;
  }

  /** Where the other processes reach this one. */
  get internalUrl(): string {
    if (this.url) return this.url;
    const address = this.http.httpAdapter?.getHttpServer()?.address() as AddressInfo | null;
    return (
      this.config.instances.internalUrl ?? `http://127.0.0.1:${address?.port ?? this.config.port}`
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.heartbeat = setInterval(() => {
      this.beat().catch((error) =>
        this.logger.warn(`Heartbeat failed: ${(error as Error).message}`),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    // a clean stop: the others adopt this process's sessions at once instead of after the timeout
    await this.prisma.apiInstance.deleteMany({ where: { id: this.id } }).catch(() => {});
  }

  private async beat(): Promise<void> {
    // the port is known once the server listens (after bootstrap in tests): read it at each beat
    this.url = '';
    const url = this.internalUrl;
    this.url = url;
    const now = new Date();
    await this.prisma.apiInstance.upsert({
      where: { id: this.id },
      create: { id: this.id, url, heartbeatAt: now },
      update: { url, heartbeatAt: now },
    });
  }

  /** The processes alive now, this one included. */
  async alive(): Promise<Map<string, Peer>> {
    if (this.peers && Date.now() - this.peers.at < PEERS_CACHE_MS) return this.peers.alive;
    const since = new Date(Date.now() - this.config.instances.timeoutSeconds * 1000);
    const rows = await this.prisma.apiInstance.findMany({ where: { heartbeatAt: { gte: since } } });
    const alive = new Map(rows.map((r) => [r.id, { id: r.id, url: r.url }]));
    alive.set(this.id, { id: this.id, url: this.internalUrl });
    this.peers = { at: Date.now(), alive };
    return alive;
  }

  /** The live process other than this one that owns a session, if there is one. */
  async otherOwner(ownerId: string | null): Promise<Peer | undefined> {
    if (!ownerId || ownerId === this.id) return undefined;
    return (await this.alive()).get(ownerId);
  }

  /** Forgets what is known of the others (after a proxied request failed to reach one). */
  forgetPeers(): void {
    this.peers = undefined;
  }
}
