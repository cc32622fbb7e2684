import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SessionStartStep, SessionView } from '@kubebelt/contract';
import { type LoadedExam, type LoadedLab, runScript } from '@kubebelt/labs';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CatalogService } from '../catalog/catalog.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { JSON_NULL, type LabSession, type PrismaClient } from '../database/prisma-client';
import { InstancesService, type Peer } from '../instances/instances.service';
import { processDir } from '../instances/process-dir';
import { MetricsService } from '../metrics/metrics.service';
import { PlatformSettings } from '../settings/platform-settings.service';
import { SANDBOX_HOME } from '../terminal/sandbox';
import { SandboxService } from '../terminal/sandbox.service';
import { openClusterSockets } from './cluster-sockets';
import { buildDiscoveryTemplate, prefillDiscoveryCache } from './discovery-cache';
import type { ClusterDriver, LabEnvironment } from './drivers/cluster-driver';
import { dockerDriverSettings } from './drivers/docker/workstation-spec';
import { DockerDriver } from './drivers/docker-driver';
import { EmbeddedDriver } from './drivers/embedded-driver';
import { KubernetesDriver, kubernetesDriverConfig } from './drivers/kubernetes-driver';
import { WarmClusters } from './drivers/warm-clusters';
import { LabEnvironments } from './lab-environments';
import {
  handHomeToLearner,
  kubectlFor,
  makeTraversable,
  preloadKubectlCompletions,
  prepareHome,
  sandboxServer,
  sessionPaths,
  tokenKubeconfig,
} from './session-home';
import { WarmHomes } from './warm-homes';

const MINUTE = 60_000;
/** Snapshots are written at most this often per session, after the last change. */
const SNAPSHOT_DEBOUNCE_MS = 2_000;
/** Activity moves the idle expiry at most this often (one database write). */
const ACTIVITY_WRITE_MS = 30_000;

type SessionListener = (sessionId: string) => void;
type StepListener = (step: SessionStartStep) => void;
/** Why a session's environment stops: the terminal tells the learner only about the first two. */
export type StopReason = 'ended' | 'expired' | 'reset' | 'failed' | 'shutdown';
type StopListener = (sessionId: string, reason: StopReason) => void;

/**
 * Lab sessions: start (or resume), reset, end and extend; their clusters run through a
 * ClusterDriver, their state is snapshotted to the database after changes and restored after
 * a restart, and they expire when idle or past their hard limit.
 */
@Injectable()
export class SessionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionsService.name);
  private readonly drivers: Record<string, ClusterDriver>;
  private readonly warmClusters: WarmClusters;
  private readonly warmHomes: WarmHomes;
  /** kubectl's discovery cache of a fresh embedded cluster, once built (see discovery-cache.ts). */
  private discoveryTemplate?: string;
  private kubectlPrepared: Promise<void> = Promise.resolve();
  private readonly snapshotTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastActivityWrite = new Map<string, number>();
  private readonly closeSockets = new Map<string, () => Promise<void>>();
  private readonly stopListeners: StopListener[] = [];
  private readonly startListeners: SessionListener[] = [];
  private readonly starting = new Map<string, Promise<LabSession>>();
  /** Environments being brought up, by session. */
  private readonly bringingUp = new Map<string, Promise<LabSession>>();
  /** The step each start in progress is at, by account and lab (what the browser shows while it waits). */
  private readonly startSteps = new Map<string, SessionStartStep>();
  private reaper?: NodeJS.Timeout;
  /** Settles once the sessions that were running before a restart are back. */
  private restored: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
    private readonly environments: LabEnvironments,
    private readonly sandbox: SandboxService,
    private readonly http: HttpAdapterHost,
    private readonly settings: PlatformSettings,
    private readonly instances: InstancesService,
    metrics: MetricsService,
  ) {
    // the Engine's objects are labelled with the database they belong to: one Engine, several platforms
    const platform = createHash('sha256').update(JSON.stringify(config.database)).digest('hex');
    this.warmClusters = new WarmClusters(config.platform.warmClusters);
    this.warmHomes = new WarmHomes(
      () => processDir(join(config.dataDir, 'warm-homes')),
      config.platform.warmClusters,
      1_000,
      (error) => this.logger.warn(`Homes are no longer made ahead: ${error.message}`),
    );
    this.drivers = {
      embedded: new EmbeddedDriver(this.warmClusters),
      kubernetes: new KubernetesDriver(kubernetesDriverConfig()),
      docker: new DockerDriver(dockerDriverSettings(), platform.slice(0, 12)),
    };
    metrics.gauge('kubebelt_warm_clusters', () => this.warmClusters.count());
    metrics.gauge('kubebelt_sessions_running', () => environments.all().length);
    metrics.gauge('kubebelt_clusters_running', () => environments.clusterCount());
  }

  private get prisma() {
    return this.database.prisma;
  }

  driverHealth() {
    return Object.fromEntries(Object.values(this.drivers).map((d) => [d.name, d.capability()]));
  }

  /** Called when a learner starts (or resets) a session: its shell can start before they attach. */
  onStarted(listener: SessionListener): void {
    this.startListeners.push(listener);
  }

  /** Called when a session's environment goes away (ended, expired, reset, shut down). */
  onStopped(listener: StopListener): void {
    this.stopListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.removeLeftovers();
    this.restored = this.restoreRunningSessions();
    await this.restored;
    this.warmClusters.start();
    this.kubectlPrepared = this.prepareKubectl();
    this.reaper = setInterval(() => {
      this.reap()
        .then(() => this.adoptOrphans())
        .catch((error) =>
          this.logger.warn(`Expiring or adopting sessions failed: ${(error as Error).message}`),
        );
    }, 15_000);
    this.reaper.unref();
  }

  /**
   * Ahead of the first sessions, without delaying start-up: the completion scripts of the labs'
   * kubectls and the discovery cache of a fresh embedded cluster.
   */
  private async prepareKubectl(): Promise<void> {
    await preloadKubectlCompletions(
      this.catalog.labs().map((l) => kubectlFor(l.lab.kubernetesVersion)),
    );
    const workDir = processDir(join(this.config.dataDir, 'kubectl-cache'));
    try {
      this.discoveryTemplate = await buildDiscoveryTemplate(workDir);
    } catch (error) {
      this.logger.warn(
        `New homes get no kubectl discovery cache (kubectl fetches it at its first command): ${(error as Error).message}`,
      );
    }
    // homes for the labs' Kubernetes versions, the most used first
    const uses = new Map<string, number>();
    for (const l of this.catalog.labs())
      uses.set(l.lab.kubernetesVersion, (uses.get(l.lab.kubernetesVersion) ?? 0) + 1);
    const sandboxed = this.sandbox.mode() === 'bwrap';
    this.warmHomes.start(
      [...uses]
        .sort((a, b) => b[1] - a[1])
        .map(([kubernetesVersion]) => ({ kubernetesVersion, sandboxed })),
      this.discoveryTemplate,
    );
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reaper) clearInterval(this.reaper);
    this.warmClusters.close();
    this.warmHomes.close();
    // kubectl may still be writing into the data directory
    await this.kubectlPrepared;
    // save what changed since the last snapshot, so a clean shutdown loses nothing
    for (const running of this.environments.all()) {
      await this.saveSnapshot(running.sessionId).catch(() => {});
      await this.stopEnvironment(running.sessionId, 'shutdown');
    }
  }

  // --- the HTTP contract's operations ----------------------------------------------------------

  /** Starts a session of the lab, or returns the learner's running one. */
  async start(accountId: string, labId: string): Promise<LabSession> {
    const lab = this.catalog.lab(labId);
    const key = `${accountId}/${labId}`;
    const inFlight = this.starting.get(key);
    if (inFlight) return inFlight;
    const onStep: StepListener = (step) => this.startSteps.set(key, step);
    const started = this.startOrResume(accountId, lab, onStep).finally(() => {
      this.starting.delete(key);
      this.startSteps.delete(key);
    });
    this.starting.set(key, started);
    return started;
  }

  /** The step the account's start of this lab is at, or null when none is in progress. */
  startStep(accountId: string, labId: string): SessionStartStep | null {
    return this.startSteps.get(`${accountId}/${labId}`) ?? null;
  }

  /**
   * Starts the environment of an exam attempt: the exam's clusters, open until `until` whatever
   * the activity (the time limit and the review window are the attempt's, not the idle timer's).
   */
  async startExam(accountId: string, exam: LoadedExam, until: Date): Promise<LabSession> {
    const session = await this.launch(
      {
        accountId,
        labId: exam.exam.id,
        kind: 'exam',
        clusterId: randomBytes(12).toString('hex'),
        status: 'running',
        driver: exam.lab.driver ?? 'embedded',
        expiresAt: until,
        hardExpiresAt: until,
      },
      exam,
    );
    return session;
  }

  /** Moves an exam environment's end (to the end of the review window after submission). */
  async keepUntil(sessionId: string, until: Date): Promise<void> {
    await this.prisma.labSession.updateMany({
      where: { id: sessionId, status: 'running' },
      data: { expiresAt: until, hardExpiresAt: until },
    });
  }

  /** The lab (or exam) a session runs. */
  private labOf(session: LabSession): LoadedLab | undefined {
    return session.kind === 'exam'
      ? this.catalog.findExam(session.labId)
      : this.catalog.findLab(session.labId);
  }

  private labOrFail(session: LabSession): LoadedLab {
    const lab = this.labOf(session);
    if (!lab) throw new NotFoundException(`No ${session.kind} ${session.labId}`);
    return lab;
  }

  private async startOrResume(
    accountId: string,
    lab: LoadedLab,
    onStep: StepListener,
  ): Promise<LabSession> {
    const running = await this.prisma.labSession.findFirst({
      where: { accountId, labId: lab.lab.id, status: 'running' },
    });
    if (running && this.environments.get(running.id)) return this.touch(running, true);
    // held by another live process: it is running there, and its requests are sent there
    if (running && (await this.instances.otherOwner(running.ownerId)))
      return this.touch(running, true);
    if (running) return this.touch(await this.adopt(running, lab, onStep), true);
    const session = await this.create(accountId, lab, onStep);
    onStep('terminal');
    return session;
  }

  private async create(
    accountId: string,
    lab: LoadedLab,
    onStep: StepListener,
  ): Promise<LabSession> {
    // exam environments (and their review windows) do not take a learner's lab places
    const count = await this.prisma.labSession.count({
      where: { accountId, status: 'running', kind: 'lab' },
    });
    const limit = this.settings.get('maxSessionsPerAccount');
    if (count >= limit)
      throw new ConflictException(
        `You have ${count} running lab sessions (at most ${limit}): end one first`,
      );
    const now = Date.now();
    return this.launch(
      {
        accountId,
        labId: lab.lab.id,
        clusterId: randomBytes(12).toString('hex'),
        status: 'running',
        driver: lab.lab.driver ?? 'embedded',
        expiresAt: new Date(now + this.settings.get('sessionIdleMinutes') * MINUTE),
        hardExpiresAt: new Date(now + this.settings.get('sessionMaxMinutes') * MINUTE),
      },
      lab,
      onStep,
    );
  }

  /** Writes a new session and brings its environment up; a start that fails leaves it ended. */
  private async launch(
    data: Parameters<PrismaClient['labSession']['create']>[0]['data'],
    lab: LoadedLab,
    onStep?: StepListener,
  ): Promise<LabSession> {
    const session = await this.prisma.labSession.create({ data });
    try {
      return await this.bringUp(session, lab, { onStep });
    } catch (error) {
      await this.prisma.labSession.update({
        where: { id: session.id },
        data: { status: 'ended', endedAt: new Date() },
      });
      throw error;
    }
  }

  /** Creates (or restores) the session's clusters, its home and its cluster sockets. */
  private bringUp(
    session: LabSession,
    lab: LoadedLab,
    options: { fresh?: boolean; onStep?: StepListener } = {},
  ): Promise<LabSession> {
    // one at a time per session: the adoption round must not start a session being started
    // (it has no environment yet), which would create its clusters and workstation twice
    const inFlight = this.bringingUp.get(session.id);
    if (inFlight) return inFlight;
    const started = this.bringUpNow(session, lab, options).finally(() =>
      this.bringingUp.delete(session.id),
    );
    this.bringingUp.set(session.id, started);
    return started;
  }

  private async bringUpNow(
    session: LabSession,
    lab: LoadedLab,
    { fresh = false, onStep }: { fresh?: boolean; onStep?: StepListener } = {},
  ): Promise<LabSession> {
    const driver = this.drivers[session.driver];
    if (!driver)
      throw new HttpException(
        `The ${session.driver} driver is not available here`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    const tokens = (session.clusterTokens as Record<string, string> | null) ?? undefined;
    const restore =
      !fresh && session.snapshot ? (session.snapshot as Record<string, unknown>) : undefined;
    const capability = driver.check ? await driver.check() : driver.capability();
    if (!capability.usable)
      throw new HttpException(
        `The ${driver.name} driver cannot start sessions here: ${capability.reason}`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    onStep?.('cluster');
    const home = sessionPaths(this.config.platform.sessionsDir, session.id).home;
    const env = await driver.create(lab, { sessionId: session.id, tokens, restore, home });
    const paths = sessionPaths(this.config.platform.sessionsDir, session.id);
    mkdirSync(paths.root, { recursive: true });
    // a workstation's shell runs as nobody with the home on /home/learner, as the sandbox's does
    const sandboxed = !!env.workstation || this.sandbox.mode() === 'bwrap';
    if (sandboxed && process.getuid?.() === 0) makeTraversable(paths.root, this.config.dataDir);
    this.environments.add({
      sessionId: session.id,
      accountId: session.accountId,
      labId: session.labId,
      clusterId: session.clusterId,
      env,
      stopWatching: env.onChange(() => this.scheduleSnapshot(session.id)),
    });
    try {
      const clusters = env.names.map((name, i) => ({
        name,
        token: env.token(name),
        namespace: env.namespace?.(name),
        server: sandboxed
          ? sandboxServer(i)
          : this.platformServer(session.clusterId, name, '127.0.0.1'),
        // a workstation reaches the cluster at its own address, with its CA
        ...env.workstation?.cluster(name),
      }));
      const servers = clusters.map((c) => c.server);
      if (fresh) rmSync(paths.home, { recursive: true, force: true });
      // a home made ahead holds kubectl's discovery of a fresh cluster-core cluster, which a
      // host cluster's namespace (the kubernetes driver) does not have
      const kind = { kubernetesVersion: lab.lab.kubernetesVersion, sandboxed };
      const madeAhead =
        driver.embeddedClusters &&
        !existsSync(paths.home) &&
        this.warmHomes.moveInto(kind, paths.home, servers);
      const newHome = prepareHome(paths, {
        shellHome: sandboxed ? SANDBOX_HOME : paths.home,
        clusters,
        ...kind,
      });
      const placed = madeAhead ? servers.slice(1) : newHome ? servers : [];
      if (placed.length && driver.embeddedClusters && this.discoveryTemplate)
        prefillDiscoveryCache(this.discoveryTemplate, paths.home, placed)
          .then(() => handHomeToLearner(paths, sandboxed))
          .catch((error: Error) =>
            this.logger.warn(`Session ${session.id}: no kubectl discovery cache: ${error.message}`),
          );
      this.closeSockets.set(session.id, await openClusterSockets(paths.sockets, env));
      if (!restore) {
        onStep?.('setup');
        await this.runSetupScript(session, lab, env, sandboxed);
        // the learner's shell starts now, while the rest of the start is written down
        for (const listener of this.startListeners) listener(session.id);
      }
    } catch (error) {
      await this.stopEnvironment(session.id, 'failed');
      throw error;
    }
    const saved = await this.prisma.labSession.update({
      where: { id: session.id },
      data: {
        clusterTokens: Object.fromEntries(env.names.map((n) => [n, env.token(n)])),
        ownerId: this.instances.id,
      },
    });
    // the first snapshot is written like the later ones, after the start (the learner is not kept waiting)
    this.scheduleSnapshot(session.id);
    return saved;
  }

  /** setup.sh runs with kubectl against the session's clusters through the platform port. */
  private async runSetupScript(
    session: LabSession,
    lab: LoadedLab,
    env: LabEnvironment,
    sandboxed: boolean,
  ): Promise<void> {
    if (!lab.setupScript?.trim()) return;
    const paths = sessionPaths(this.config.platform.sessionsDir, session.id);
    const dir = `${paths.root}/setup`;
    mkdirSync(dir, { recursive: true });
    const kubeconfigPath = `${dir}/kubeconfig`;
    writeFileSync(kubeconfigPath, this.kubeconfigFor(session, env, '127.0.0.1'), { mode: 0o600 });
    // in the learner's home, as `kubebelt-lab verify` runs it: files it leaves there are the learner's
    const result = await runScript(lab.setupScript, {
      home: paths.home,
      kubeconfigPath,
      timeoutMs: 60_000,
    });
    rmSync(dir, { recursive: true, force: true });
    handHomeToLearner(paths, sandboxed);
    if (result.exitCode !== 0) {
      this.logger.error(
        `setup.sh of ${lab.lab.id} failed (${result.exitCode}): ${result.output.trim().slice(-500)}`,
      );
      throw new HttpException(
        `The lab's set-up failed: ${result.output.trim().split('\n').pop() ?? ''}`,
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
  }

  /** The session if it is the account's (another account's id is a 404, as an unknown one). */
  async mine(accountId: string, sessionId: string): Promise<LabSession> {
    const session = await this.prisma.labSession.findUnique({ where: { id: sessionId } });
    if (!session || session.accountId !== accountId)
      throw new NotFoundException(`No session ${sessionId}`);
    return session;
  }

  async listMine(accountId: string): Promise<LabSession[]> {
    return this.prisma.labSession.findMany({
      where: { accountId },
      orderBy: { startedAt: 'desc' },
      take: 100,
    });
  }

  /** A running session with its environment, brought up again if this process lost it. */
  async running(accountId: string, sessionId: string): Promise<LabSession> {
    const session = await this.mine(accountId, sessionId);
    if (session.status !== 'running')
      throw new ConflictException(`Session ${sessionId} is ${session.status}`);
    // a caller during start-up (an exam timing out) waits for the restore instead of racing it
    await this.restored;
    if (!this.environments.get(session.id)) await this.adopt(session, this.labOrFail(session));
    return session;
  }

  /**
   * Where a running session of the account is: here (brought up if this process may hold it), or
   * in another live API process (its terminal is then reached through Redis).
   */
  async locate(accountId: string, sessionId: string): Promise<{ owner?: Peer }> {
    const session = await this.mine(accountId, sessionId);
    if (session.status !== 'running')
      throw new ConflictException(`Session ${sessionId} is ${session.status}`);
    await this.restored;
    if (this.environments.get(session.id)) return {};
    const owner = await this.instances.otherOwner(session.ownerId);
    if (owner) return { owner };
    await this.adopt(session, this.labOrFail(session));
    return {};
  }

  /**
   * Brings a session's environment up in this process, unless another live process holds it:
   * one whose owner stopped (or that has none) is claimed first, so that two processes never
   * run the same session.
   */
  private async adopt(
    session: LabSession,
    lab: LoadedLab,
    onStep?: StepListener,
  ): Promise<LabSession> {
    const owner = await this.instances.otherOwner(session.ownerId);
    if (owner)
      throw new HttpException(
        `Session ${session.id} runs in another API process (${owner.id}): its requests are sent there`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    if (session.ownerId !== this.instances.id) {
      const claimed = await this.prisma.labSession.updateMany({
        where: { id: session.id, status: 'running', ownerId: session.ownerId },
        data: { ownerId: this.instances.id },
      });
      if (!claimed.count)
        throw new HttpException(
          `Session ${session.id} was just taken over by another API process: try again`,
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      if (session.ownerId) this.logger.log(`Session ${session.id} adopted from ${session.ownerId}`);
    }
    return this.bringUp({ ...session, ownerId: this.instances.id }, lab, { onStep });
  }

  async reset(accountId: string, sessionId: string): Promise<LabSession> {
    const session = await this.running(accountId, sessionId);
    if (session.kind === 'exam')
      throw new ForbiddenException('An exam environment cannot be reset');
    await this.stopEnvironment(session.id, 'reset');
    const cleared = await this.prisma.labSession.update({
      where: { id: session.id },
      data: { snapshot: JSON_NULL, snapshotAt: null },
    });
    const fresh = await this.touch(
      await this.bringUp({ ...cleared, snapshot: null }, this.labOrFail(session), {
        fresh: true,
      }),
      true,
    );
    return fresh;
  }

  async end(accountId: string, sessionId: string): Promise<LabSession> {
    const session = await this.mine(accountId, sessionId);
    if (session.status !== 'running') return session;
    if (
      session.kind === 'exam' &&
      (await this.prisma.examAttempt.count({ where: { sessionId, status: 'running' } }))
    )
      throw new ForbiddenException('Submit the exam first: it is graded from this environment');
    return this.finish(session.id, 'ended');
  }

  async extend(accountId: string, sessionId: string): Promise<LabSession> {
    const session = await this.running(accountId, sessionId);
    return this.touch(session, true);
  }

  /** A kubeconfig for the learner's own kubectl, through the platform port. */
  async kubeconfig(accountId: string, sessionId: string, publicBase: string): Promise<string> {
    const session = await this.running(accountId, sessionId);
    const running = this.environments.get(session.id);
    if (!running) throw new ConflictException('The session is not running');
    return this.kubeconfigFor(session, running.env, undefined, publicBase);
  }

  private kubeconfigFor(
    session: LabSession,
    env: LabEnvironment,
    host?: string,
    publicBase?: string,
  ): string {
    return tokenKubeconfig(
      env.names.map((name) => ({
        name,
        token: env.token(name),
        namespace: env.namespace?.(name),
        server: publicBase
          ? `${publicBase}/clusters/${session.clusterId}/${name}`
          : this.platformServer(session.clusterId, name, host),
      })),
    );
  }

  /** The session's cluster on this server's own port (for processes on this machine). */
  private platformServer(clusterId: string, name: string, host = '127.0.0.1'): string {
    const address = this.http.httpAdapter?.getHttpServer()?.address() as AddressInfo | null;
    const port = address?.port ?? this.config.port;
    return `http://${host}:${port}/clusters/${clusterId}/${name}`;
  }

  view(session: LabSession): SessionView {
    const running = this.environments.get(session.id);
    const names =
      running?.env.names ??
      Object.keys((session.clusterTokens as object | null) ?? { default: '' });
    return {
      id: session.id,
      labId: session.labId,
      status: session.status as SessionView['status'],
      startedAt: session.startedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      hardExpiresAt: session.hardExpiresAt?.toISOString() ?? null,
      endedAt: session.endedAt?.toISOString() ?? null,
      clusters: names.map((name) => ({ name, context: name })),
      terminal: { sandboxed: !!running?.env.workstation || this.sandbox.mode() === 'bwrap' },
    };
  }

  /** Learner activity (a command typed, a check, kubectl through the platform): pushes the idle expiry back. */
  activity(sessionId: string): void {
    const last = this.lastActivityWrite.get(sessionId) ?? 0;
    if (Date.now() - last < ACTIVITY_WRITE_MS) return;
    this.lastActivityWrite.set(sessionId, Date.now());
    void this.prisma.labSession
      .findUnique({ where: { id: sessionId } })
      .then((s) => (s?.status === 'running' ? this.touch(s, false) : undefined))
      .catch(() => {});
  }

  private async touch(session: LabSession, force: boolean): Promise<LabSession> {
    const now = Date.now();
    let expiresAt = now + this.settings.get('sessionIdleMinutes') * MINUTE;
    // an exam environment stays until its attempt's end, idle or not
    if (session.kind === 'exam' && session.hardExpiresAt) expiresAt = Infinity;
    if (session.hardExpiresAt) expiresAt = Math.min(expiresAt, session.hardExpiresAt.getTime());
    if (!force && expiresAt - session.expiresAt.getTime() < ACTIVITY_WRITE_MS) return session;
    return this.prisma.labSession.update({
      where: { id: session.id },
      data: { lastActivityAt: new Date(now), expiresAt: new Date(expiresAt) },
    });
  }

  // --- life cycle --------------------------------------------------------------------------

  private scheduleSnapshot(sessionId: string): void {
    if (this.snapshotTimers.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.snapshotTimers.delete(sessionId);
      void this.saveSnapshot(sessionId).catch((error) =>
        this.logger.warn(`Snapshot of ${sessionId} failed: ${(error as Error).message}`),
      );
    }, SNAPSHOT_DEBOUNCE_MS);
    timer.unref();
    this.snapshotTimers.set(sessionId, timer);
  }

  async saveSnapshot(sessionId: string): Promise<void> {
    const running = this.environments.get(sessionId);
    if (!running) return;
    await this.prisma.labSession.updateMany({
      where: { id: sessionId, status: 'running' },
      data: { snapshot: running.env.snapshot() as object, snapshotAt: new Date() },
    });
  }

  private async stopEnvironment(sessionId: string, reason: StopReason): Promise<void> {
    const timer = this.snapshotTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.snapshotTimers.delete(sessionId);
    for (const listener of this.stopListeners) listener(sessionId, reason);
    const close = this.closeSockets.get(sessionId);
    this.closeSockets.delete(sessionId);
    await close?.();
    const running = this.environments.remove(sessionId);
    // an environment outside this process (a host cluster's namespace) outlives a restart
    if (reason === 'shutdown' && running?.env.release) await running.env.release();
    else await running?.env.destroy();
  }

  private async finish(sessionId: string, status: 'ended' | 'expired'): Promise<LabSession> {
    await this.stopEnvironment(sessionId, status);
    const session = await this.prisma.labSession.update({
      where: { id: sessionId },
      // the clusters are gone: their tokens are revoked, the saved state is no longer needed
      data: { status, endedAt: new Date(), snapshot: JSON_NULL },
    });
    return session;
  }

  private async reap(): Promise<void> {
    const now = new Date();
    const due = await this.prisma.labSession.findMany({
      where: {
        status: 'running',
        OR: [{ expiresAt: { lt: now } }, { hardExpiresAt: { lt: now } }],
      },
      select: { id: true, ownerId: true },
    });
    for (const { id, ownerId } of due) {
      // another live process stops its own sessions' shells and clusters
      if (await this.instances.otherOwner(ownerId)) continue;
      this.logger.log(`Session ${id} expired`);
      await this.finish(id, 'expired').catch(() => {});
    }
  }

  /** What drivers left outside this process for sessions that are no longer running. */
  private async removeLeftovers(): Promise<void> {
    const running = await this.prisma.labSession.findMany({
      where: { status: 'running' },
      select: { id: true },
    });
    const keep = new Set(running.map((s) => s.id));
    for (const driver of Object.values(this.drivers)) {
      if (!driver.removeOrphans || !(await driver.check?.())?.usable) continue;
      const removed = await driver.removeOrphans(keep).catch((error: Error) => {
        this.logger.warn(`Removing ${driver.name} leftovers failed: ${error.message}`);
        return [];
      });
      if (removed.length)
        this.logger.log(`Removed the ${driver.name} leftovers of ${removed.length} ended sessions`);
    }
  }

  /** After a restart: every running session's clusters come back from their snapshots. */
  private async restoreRunningSessions(): Promise<void> {
    const restored = await this.adoptOrphans();
    if (restored) this.logger.log(`Restored ${restored} running lab sessions`);
  }

  /**
   * Running sessions that no live process holds (this one's before a restart, or those of a
   * process that stopped beating) come back here from their snapshots.
   */
  private async adoptOrphans(): Promise<number> {
    const alive = await this.instances.alive();
    const sessions = await this.prisma.labSession.findMany({ where: { status: 'running' } });
    let adopted = 0;
    for (const session of sessions) {
      if (this.environments.get(session.id)) continue;
      if (session.ownerId && session.ownerId !== this.instances.id && alive.has(session.ownerId))
        continue;
      const lab = this.labOf(session);
      if (!lab) {
        await this.finish(session.id, 'ended');
        continue;
      }
      try {
        await this.adopt(session, lab);
        adopted++;
      } catch (error) {
        this.logger.error(
          `Session ${session.id} could not be restored: ${(error as Error).message}`,
        );
      }
    }
    return adopted;
  }
}
