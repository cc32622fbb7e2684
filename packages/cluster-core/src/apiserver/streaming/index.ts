/**
 * Upgraded connections of the streaming subresources of pods (exec, attach and portforward over
 * SPDY/3.1 or WebSocket; pod-connect.ts serves them, log too).
 *
 * Node's HTTP servers hand `Connection: Upgrade` requests to their 'upgrade' event instead of
 * the request listener. `handleUpgrade` runs such a request through the cluster's ordinary
 * handler (authentication, authorization, routing, Status errors) with a response bound to the
 * raw socket; the subresource handlers (pod-connect.ts) take the socket over once the API
 * server's checks (registry/pod-location.ts) and the kubelet's (the runtime's) have passed.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClusterCore } from '../cluster-core';
import { ApiHandler } from '../handler';
import { rememberUpgrade } from './upgrade';

export type { ContainerRuntime, ExecIO, LogOptions, StreamingKind, TerminalSize } from './runtime';
export { defaultRuntime, ExecFailure, KubeletError, validateContainerLogStatus } from './runtime';

const handlers = new WeakMap<ClusterCore, ApiHandler>();

/**
 * Serves one `Connection: Upgrade` request; `path` is the request path without any mount
 * prefix. Use it from an HTTP(S) server's 'upgrade' event, or from a listener that mounts many
 * clusters under one port.
 */
export function handleUpgrade(
  core: ClusterCore,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  rememberUpgrade(req, { socket, head });
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.on('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  socket.on('error', () => socket.destroy());
  let handler = handlers.get(core);
  if (!handler) {
    handler = new ApiHandler(core);
    handlers.set(core, handler);
  }
  return handler.handle(req, res, path, query);
}
