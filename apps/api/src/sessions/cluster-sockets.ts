import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { authorize } from './cluster-gateway';
import type { LabEnvironment } from './drivers/cluster-driver';

/**
 * One unix socket per cluster in the session's run/ folder: the only way out of the learner's
 * sandbox, bind-mounted into it. Mode 0666 so that uid 65534 may connect.
 */
export async function openClusterSockets(
  dir: string,
  env: LabEnvironment,
): Promise<() => Promise<void>> {
  const servers: Server[] = [];
  for (const name of env.names) {
    const path = join(dir, `${name}.sock`);
    if (existsSync(path)) rmSync(path);
    const endpoint = env.endpoint(name);
    // the socket is reachable only from this session's sandbox, and kubectl sends no bearer
    // token over plain HTTP: the channel itself is the credential
    const server = createServer((req, res) => {
      authorize(req, env.token(name));
      endpoint.request(req, res);
    });
    server.on('upgrade', (req, socket, head) => {
      authorize(req, env.token(name));
      endpoint.upgrade(req, socket, head);
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chmodSync(path, 0o666);
    servers.push(server);
  }
  return async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };
}
