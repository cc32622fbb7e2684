/**
 * Many clusters under one listener, each under its own path prefix (`/clusters/<name>/`), as
 * Rancher's proxy mounts them: kubectl keeps the path of a kubeconfig's `server`. The path is
 * resolved (dot segments, percent-encoded ones included, as a browser or Go's path.Clean would)
 * before the cluster is chosen, so a prefix can only name the cluster the request reaches, and
 * that cluster alone checks the request's credentials.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { requestUrl } from './apiserver/http';
import type { Cluster } from './cluster';

export const CLUSTERS_PREFIX = '/clusters/';

export interface MountedClusters {
  listener(req: IncomingMessage, res: ServerResponse): void;
  upgradeListener(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

const NOT_FOUND = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
});

/** Routes `/clusters/<name>/...` to `lookup(name)` with the prefix taken off. */
export function mountClusters(
  lookup: (name: string) => Cluster | undefined,
  prefix = CLUSTERS_PREFIX,
): MountedClusters {
  const route = (req: IncomingMessage) => {
    const url = requestUrl(req);
    if (!url.pathname.startsWith(prefix)) return undefined;
    const rest = url.pathname.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    // An escaped slash or dot would let one segment stand for a path: it names no cluster.
    if (!name || name.includes('%')) return undefined;
    const cluster = lookup(name);
    if (!cluster) return undefined;
    return { cluster, url: `${slash < 0 ? '/' : rest.slice(slash)}${url.search}` };
  };
  return {
    listener(req, res) {
      const found = route(req);
      if (!found) {
        res.writeHead(404, {
          'Content-Type': 'application/json',
          'Content-Length': String(NOT_FOUND.length),
        });
        res.end(NOT_FOUND);
        return;
      }
      req.url = found.url;
      found.cluster.listener(req, res);
    },
    upgradeListener(req, socket, head) {
      const found = route(req);
      if (!found) {
        socket.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${NOT_FOUND.length}\r\nConnection: close\r\n\r\n${NOT_FOUND}`,
        );
        return;
      }
      req.url = found.url;
      found.cluster.upgradeListener(req, socket, head);
    },
  };
}
