/**
 * The connect subresources of pods that registry/pods.ts serves: exec, attach and portforward
 * over upgraded connections (SPDY/3.1 or WebSocket), and log (pkg/registry/core/pod/rest
 * subresources.go, log.go). The API server's checks (registry/pod-location.ts) and the kubelet's
 * (the runtime's) pass before a handler takes the socket over.
 */
import { isStatusError } from '../../api/errors';
import { portForwardTarget, streamTarget } from '../../registry/pod-location';
import type { ClusterCore, SubresourceRequest } from '../cluster-core';
import {
  internalErrorStatus,
  nonZeroExit,
  type ResultStatus,
  SUCCESS,
  statusOfError,
  translateForWebSocket,
} from './exec-status';
import { handleLog } from './logs';
import {
  acceptPortForwardStream,
  PORT_FORWARD_PROTOCOL,
  PORT_FORWARD_WEBSOCKET_PROTOCOLS,
  SPDY_TUNNELING_PREFIX,
  servePortForwardSpdy,
  servePortForwardWebSocket,
  webSocketPorts,
} from './portforward';
import {
  acceptSpdyCommand,
  acceptWebSocketCommand,
  type CommandOptions,
  commandOptions,
  requestedStreams,
  runCommand,
  SPDY_COMMAND_PROTOCOLS,
} from './remotecommand';
import { defaultRuntime, type ExecIO, KubeletError, type StreamingKind } from './runtime';
import { SpdySession } from './spdy';
import {
  acceptWebSocket,
  isSpdyUpgrade,
  isWebSocketRequest,
  negotiateStreamProtocol,
  rejectWebSocket,
  switchToSpdy,
  upgradeOf,
  webSocketProtocols,
  writeTextError,
} from './upgrade';
import { CHANNEL_PROTOCOLS, webSocketDuplex } from './websocket-channels';

/** pods/log, pods/exec, pods/attach and pods/portforward. */
export const podLog = handleLog;
export const podExec = (request: SubresourceRequest) => handleRemoteCommand(request, 'exec');
export const podAttach = (request: SubresourceRequest) => handleRemoteCommand(request, 'attach');
export const podPortForward = (request: SubresourceRequest) => handlePortForward(request);

/** Closes a streaming connection with the cluster (Cluster.close, restore). */
function trackUntilClosed(
  core: ClusterCore,
  closeable: { once(event: 'close', cb: () => void): unknown },
  close: () => void,
): void {
  const closer = () => {
    core.watches.delete(closer);
    close();
  };
  core.watches.add(closer);
  closeable.once('close', () => core.watches.delete(closer));
}

/**
 * Runs the kubelet's checks before an upgrade. A refusal becomes the kubelet's plain-text
 * response (KubeletError) or the API server's JSON Status, and undefined is returned.
 */
function kubeletAccepts<T>(request: SubresourceRequest, check: () => T): T | undefined {
  try {
    return check();
  } catch (err) {
    if (err instanceof KubeletError) {
      writeTextError(request.res, err.code, err.message);
      return undefined;
    }
    throw err;
  }
}

async function handleRemoteCommand(
  request: SubresourceRequest,
  kind: 'exec' | 'attach',
): Promise<void> {
  const { cluster, req, res, resource, namespace, name, query } = request;
  const { pod, container } = streamTarget(
    cluster,
    resource,
    namespace,
    name,
    query.get('container') ?? '',
  );
  const { socket, head } = upgradeOf(request);
  const runtime = cluster.runtime ?? defaultRuntime;
  const command = query.getAll('command');
  const run = (io: ExecIO): Promise<ResultStatus> =>
    kind === 'exec'
      ? runtime
          .exec(pod, container, command, io)
          .then(({ exitCode }) => (exitCode === 0 ? SUCCESS : nonZeroExit(command, exitCode)))
      : runtime.attach(pod, container, io).then(() => SUCCESS);
  const failurePrefix =
    kind === 'exec' ? 'error executing command in container' : 'error attaching to container';
  const kubeletCheck = (): CommandOptions => {
    const options = commandOptions(query);
    runtime.checkStreaming?.(pod, container, kind);
    return options;
  };

  if (isWebSocketRequest(req)) {
    const offered = webSocketProtocols(req);
    if (offered.includes('v5.channel.k8s.io')) {
      // kube-apiserver serves v5 itself and reaches the kubelet over SPDY only afterwards
      // (streamtranslator.go): kubelet refusals arrive on the error channel.
      const ws = await acceptWebSocket(req, res, socket, head, 'v5.channel.k8s.io');
      if (!ws) return;
      trackUntilClosed(cluster, ws, () => ws.terminate());
      // The translator opens the channels the query asks for, before any kubelet check.
      const session = acceptWebSocketCommand(ws, 'v5.channel.k8s.io', requestedStreams(query));
      let options: CommandOptions;
      try {
        options = kubeletCheck();
      } catch (err) {
        await session.finish(translatedRefusal(err));
        return;
      }
      await runCommand(session, options.tty, run, failurePrefix, translateForWebSocket);
      return;
    }
    const protocol = offered.length ? offered.find((p) => p in CHANNEL_PROTOCOLS && p !== '') : '';
    if (protocol === undefined) return rejectWebSocket(res);
    const options = kubeletAccepts(request, kubeletCheck);
    if (!options) return;
    const ws = await acceptWebSocket(req, res, socket, head, protocol);
    if (!ws) return;
    trackUntilClosed(cluster, ws, () => ws.terminate());
    await runCommand(
      acceptWebSocketCommand(ws, protocol, options),
      options.tty,
      run,
      failurePrefix,
    );
    return;
  }

  const options = kubeletAccepts(request, kubeletCheck);
  if (!options) return;
  const protocol = negotiateStreamProtocol(req, res, SPDY_COMMAND_PROTOCOLS);
  if (!protocol) return;
  if (!isSpdyUpgrade(req))
    return writeTextError(res, 400, 'unable to upgrade: missing upgrade headers in request');
  switchToSpdy(res, socket, head, protocol);
  const spdy = new SpdySession(socket, { server: true });
  trackUntilClosed(cluster, spdy, () => spdy.destroy());
  const session = await acceptSpdyCommand(spdy, protocol, options);
  if (!session) return;
  await runCommand(session, options.tty, run, failurePrefix);
}

/**
 * A kubelet refusal as the stream translator reports it: client-go's SPDY upgrade fails with
 * `unable to upgrade connection: <body>` (or the body's own Status), wrapped as an internal error.
 */
function translatedRefusal(err: unknown): ResultStatus {
  if (err instanceof KubeletError)
    return internalErrorStatus(`unable to upgrade connection: ${err.message}`);
  if (isStatusError(err)) return statusOfError(err);
  return internalErrorStatus(err instanceof Error ? err.message : String(err));
}

async function handlePortForward(request: SubresourceRequest): Promise<void> {
  const { cluster, req, res, resource, namespace, name, query } = request;
  const pod = portForwardTarget(cluster, resource, namespace, name);
  const { socket, head } = upgradeOf(request);
  const runtime = cluster.runtime ?? defaultRuntime;
  const check = (): true => {
    runtime.checkStreaming?.(pod, '', 'portforward' satisfies StreamingKind);
    return true;
  };

  if (isWebSocketRequest(req)) {
    const offered = webSocketProtocols(req);
    const tunneling = offered.filter((p) => p.startsWith(SPDY_TUNNELING_PREFIX));
    if (tunneling.length) {
      // SPDY inside WebSocket messages (streamtunnel.go); the kubelet negotiates the inner protocol.
      const protocol = tunneling.find((p) => p === SPDY_TUNNELING_PREFIX + PORT_FORWARD_PROTOCOL);
      if (!kubeletAccepts(request, check)) return;
      if (!protocol) {
        return writeTextError(
          res,
          403,
          `unable to upgrade: unable to negotiate protocol: client supports [${tunneling.map((p) => p.slice(SPDY_TUNNELING_PREFIX.length)).join(' ')}], server accepts [${PORT_FORWARD_PROTOCOL}]`,
        );
      }
      const ws = await acceptWebSocket(req, res, socket, head, protocol);
      if (!ws) return;
      const spdy = new SpdySession(webSocketDuplex(ws), {
        server: true,
        onStream: acceptPortForwardStream,
      });
      trackUntilClosed(cluster, spdy, () => spdy.destroy());
      servePortForwardSpdy(runtime, pod)(spdy);
      return;
    }
    const ports = kubeletAccepts(request, () => {
      const parsed = webSocketPorts(query);
      if (typeof parsed === 'string') throw new KubeletError(400, parsed);
      check();
      return parsed;
    });
    if (!ports) return;
    const protocol = offered.length
      ? offered.find((p) => PORT_FORWARD_WEBSOCKET_PROTOCOLS.includes(p))
      : '';
    if (protocol === undefined) return rejectWebSocket(res);
    const ws = await acceptWebSocket(req, res, socket, head, protocol);
    if (!ws) return;
    trackUntilClosed(cluster, ws, () => ws.terminate());
    await servePortForwardWebSocket(runtime, pod, ws, protocol, ports);
    return;
  }

  if (!kubeletAccepts(request, check)) return;
  const protocol = negotiateStreamProtocol(req, res, [PORT_FORWARD_PROTOCOL]);
  if (!protocol) return;
  if (!isSpdyUpgrade(req))
    return writeTextError(res, 400, 'unable to upgrade: missing upgrade headers in request');
  switchToSpdy(res, socket, head, protocol);
  const spdy = new SpdySession(socket, { server: true, onStream: acceptPortForwardStream });
  trackUntilClosed(cluster, spdy, () => spdy.destroy());
  servePortForwardSpdy(runtime, pod)(spdy);
}
