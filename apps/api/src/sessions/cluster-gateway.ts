/**
 * The platform port serves each session's clusters under /clusters/<clusterId>/<name>/, so a
 * learner's own kubectl (k9s, Lens) reaches their lab cluster with the session's kubeconfig
 * (kubectl keeps the server URL's path). The cluster itself checks the bearer token: another
 * session's token is a 401 there, and an unknown or ended session's path answers 401 too.
 *
 * kubectl never sends a bearer token over plain HTTP (a laptop's http://127.0.0.1:3000), so the
 * clusterId in the path is itself a per-session secret (96 random bits, handed out only in the
 * owner's kubeconfig): a request without Authorization is given the session's token. Behind
 * TLS kubectl sends the token, and a wrong one is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LabEnvironments } from './lab-environments';

export const CLUSTERS_PREFIX = '/clusters/';

const UNAUTHORIZED = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
});

function route(environments: LabEnvironments, url: string | undefined) {
  const m = /^\/clusters\/([A-Za-z0-9-]+)\/([a-z0-9-]+)(\/[^?]*)?(\?.*)?$/.exec(url ?? '');
  if (!m) return undefined;
  const running = environments.byClusterId(m[1]);
  if (!running?.env.names.includes(m[2])) return undefined;
  return { running, name: m[2], rest: `${m[3] || '/'}${m[4] ?? ''}` };
}

export function clusterRequestHandler(
  environments: LabEnvironments,
  onActivity: (sessionId: string) => void,
) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!req.url?.startsWith(CLUSTERS_PREFIX)) {
      next();
      return;
    }
    const found = route(environments, req.url);
    if (!found) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(UNAUTHORIZED);
      return;
    }
    onActivity(found.running.sessionId);
    authorize(req, found.running.env.token(found.name));
    req.url = found.rest;
    found.running.env.endpoint(found.name).request(req, res);
  };
}

/** exec, attach and port-forward upgrades under /clusters/; other upgrades (socket.io) pass. */
export function clusterUpgradeHandler(environments: LabEnvironments) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!req.url?.startsWith(CLUSTERS_PREFIX)) return;
    const found = route(environments, req.url);
    if (!found) {
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(UNAUTHORIZED)}\r\n\r\n${UNAUTHORIZED}`,
      );
      return;
    }
    authorize(req, found.running.env.token(found.name));
    req.url = found.rest;
    found.running.env.endpoint(found.name).upgrade(req, socket, head);
  };
}

/** A request that came through a per-session channel without credentials gets the session's token. */
export function authorize(req: IncomingMessage, token: string): void {
  if (!req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
}
