/**
 * Requests about a session reach the process that holds it. A session's clusters and shell live
 * in one API process (its owner, LabSession.ownerId); a request that names a session — its REST
 * routes, an exam attempt's, kubectl under /clusters/<clusterId>/ — arriving at another process
 * is passed to the owner as it came (body, streaming answer and upgrades included). A request
 * already passed once is served where it lands, so two processes never bounce one between them.
 */
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Database } from '../database/database';
import type { InstancesService, Peer } from './instances.service';

export const ROUTED_HEADER = 'x-kubebelt-routed-by';
/** How long a session's owner is remembered (kubectl sends many requests in a row). */
const OWNER_CACHE_MS = 1_000;

type Target = { by: 'session' | 'cluster' | 'attempt'; id: string };

const TARGETS: [RegExp, Target['by']][] = [
  [/^\/api\/sessions\/([A-Za-z0-9-]+)(?:[/?]|$)/, 'session'],
  [/^\/clusters\/([A-Za-z0-9-]+)\//, 'cluster'],
  [/^\/api\/exam-attempts\/([A-Za-z0-9-]+)(?:[/?]|$)/, 'attempt'],
];

function targetOf(url: string | undefined): Target | undefined {
  for (const [pattern, by] of TARGETS) {
    const m = pattern.exec(url ?? '');
    if (m) return { by, id: m[1] };
  }
  return undefined;
}

const BAD_GATEWAY = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'The server holding this session did not answer; try again in a few seconds',
  reason: 'ServiceUnavailable',
  code: 503,
});

export class SessionRouting {
  private readonly owners = new Map<string, { ownerId: string | null; at: number }>();

  constructor(
    private readonly instances: InstancesService,
    private readonly database: Database,
  ) {}

  /** Express middleware, first in line (before the body parsers: the body is passed on untouched). */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    this.peerFor(req)
      .then((peer) => (peer ? this.forward(req, res, peer) : next()))
      .catch(() => next());
  };

  /** For the server's 'upgrade' event: passes exec, attach and port-forward on, or calls `local`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, local: () => void): void {
    this.peerFor(req)
      .then((peer) => (peer ? this.forwardUpgrade(req, socket, head, peer) : local()))
      .catch(() => local());
  }

  private async peerFor(req: IncomingMessage): Promise<Peer | undefined> {
    if (req.headers[ROUTED_HEADER]) return undefined;
    const target = targetOf(req.url);
    if (!target) return undefined;
    return this.instances.otherOwner(await this.ownerOf(target));
  }

  private async ownerOf(target: Target): Promise<string | null> {
    const key = `${target.by}:${target.id}`;
    const cached = this.owners.get(key);
    if (cached && Date.now() - cached.at < OWNER_CACHE_MS) return cached.ownerId;
    const prisma = this.database.prisma;
    let ownerId: string | null = null;
    if (target.by === 'session')
      ownerId =
        (
          await prisma.labSession.findUnique({
            where: { id: target.id },
            select: { ownerId: true },
          })
        )?.ownerId ?? null;
    else if (target.by === 'cluster')
      ownerId =
        (
          await prisma.labSession.findFirst({
            where: { clusterId: target.id, status: 'running' },
            select: { ownerId: true },
          })
        )?.ownerId ?? null;
    else
      ownerId =
        (
          await prisma.examAttempt.findUnique({
            where: { id: target.id },
            select: { session: { select: { ownerId: true } } },
          })
        )?.session?.ownerId ?? null;
    if (this.owners.size > 10_000) this.owners.clear();
    this.owners.set(key, { ownerId, at: Date.now() });
    return ownerId;
  }

  private forward(req: IncomingMessage, res: ServerResponse, peer: Peer): void {
    const url = new URL(req.url ?? '/', peer.url);
    const upstream = request(url, {
      method: req.method,
      // the Host stays the browser's: the owner's cross-site check compares it with the Origin
      headers: { ...req.headers, [ROUTED_HEADER]: this.instances.id },
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      this.instances.forgetPeers();
      this.owners.clear();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(BAD_GATEWAY);
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  private forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, peer: Peer): void {
    const url = new URL(peer.url);
    const upstream = connect(Number(url.port || 80), url.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`${ROUTED_HEADER}: ${this.instances.id}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => {
      this.instances.forgetPeers();
      socket.destroy();
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }
}
