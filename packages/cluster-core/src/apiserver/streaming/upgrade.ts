/**
 * Upgrading a request to a streaming connection: SPDY/3.1 with X-Stream-Protocol-Version
 * negotiation (apimachinery httpstream.Handshake, spdy/upgrade.go UpgradeResponse) or a
 * WebSocket with a subprotocol (wsstream, golang.org/x/net/websocket's handshake).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { badRequest, StatusError } from '../../api/errors';
import type { SubresourceRequest } from '../cluster-core';

export const HEADER_PROTOCOL_VERSION = 'X-Stream-Protocol-Version';
export const HEADER_ACCEPTED_PROTOCOL_VERSIONS = 'X-Accepted-Stream-Protocol-Versions';

/** wsstream.IsWebSocketRequest. */
export function isWebSocketRequest(req: IncomingMessage): boolean {
  return (
    String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    /(^|,\s*)upgrade($|\s*,)/.test(String(req.headers.connection ?? '').toLowerCase())
  );
}

/** The subprotocols a WebSocket client offers, in its order of preference. */
export function webSocketProtocols(req: IncomingMessage): string[] {
  return commaSeparated(req.headers['sec-websocket-protocol']);
}

function commaSeparated(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A plain-text error as Go's http.Error writes it. */
export function writeTextError(
  res: ServerResponse,
  code: number,
  text: string,
  headers: Record<string, string | string[]> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = `${text}\n`;
  res.writeHead(code, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/**
 * httpstream.Handshake: picks the first protocol the client lists that the server supports.
 * On failure it writes the kubelet's error response and returns undefined.
 */
export function negotiateStreamProtocol(
  req: IncomingMessage,
  res: ServerResponse,
  serverProtocols: string[],
): string | undefined {
  const raw = req.headers[HEADER_PROTOCOL_VERSION.toLowerCase()];
  if (raw === undefined) {
    const count = Object.keys(req.headers).length;
    writeTextError(
      res,
      400,
      `unable to upgrade: header ${HEADER_PROTOCOL_VERSION} does not exist in request with ${count} headers`,
    );
    return undefined;
  }
  const clientProtocols = commaSeparated(raw);
  if (!clientProtocols.length) {
    writeTextError(
      res,
      400,
      `unable to upgrade: header ${HEADER_PROTOCOL_VERSION} contains [${[raw].flat().join(' ')}], but no valid protocols`,
    );
    return undefined;
  }
  const chosen = clientProtocols.find((p) => serverProtocols.includes(p));
  if (!chosen) {
    writeTextError(
      res,
      403,
      `unable to upgrade: unable to negotiate protocol: client supports [${clientProtocols.join(' ')}], server accepts [${serverProtocols.join(' ')}]`,
      { [HEADER_ACCEPTED_PROTOCOL_VERSIONS]: serverProtocols },
    );
    return undefined;
  }
  return chosen;
}

/** spdy.ResponseUpgrader's checks on the request's upgrade headers. */
export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return (
    String(req.headers.connection ?? '')
      .toLowerCase()
      .includes('upgrade') &&
    String(req.headers.upgrade ?? '')
      .toLowerCase()
      .includes('spdy/3.1')
  );
}

/** Takes the socket away from the HTTP response and switches it to SPDY/3.1. */
export function switchToSpdy(
  res: ServerResponse,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): void {
  res.detachSocket(socket as Socket);
  prepareSocket(socket, head);
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      `Date: ${new Date().toUTCString()}\r\n` +
      'Upgrade: SPDY/3.1\r\n' +
      `${HEADER_PROTOCOL_VERSION}: ${protocol}\r\n\r\n`,
  );
}

function prepareSocket(socket: Duplex, head: Buffer): void {
  const net = socket as Socket;
  net.setTimeout?.(0);
  net.setNoDelay?.(true);
  if (head.length) socket.unshift(head);
}

/**
 * Completes the WebSocket handshake with `protocol` (the empty string: no subprotocol header).
 * Resolves undefined when the handshake itself is malformed (ws has answered with a 4xx).
 */
export function acceptWebSocket(
  req: IncomingMessage,
  res: ServerResponse,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): Promise<WebSocket | undefined> {
  res.detachSocket(socket as Socket);
  const net = socket as Socket;
  net.setTimeout?.(0);
  net.setNoDelay?.(true);
  // ws accepts only RFC 7230 tokens as subprotocols, and `SPDY/3.1+portforward.k8s.io` has a
  // slash (gorilla/websocket, the client, does not mind): hand ws a stand-in, answer the real one.
  if (protocol) req.headers['sec-websocket-protocol'] = 'negotiated';
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: () => protocol || false,
  });
  return new Promise((resolve) => {
    server.on('wsClientError', (_err, clientSocket) => {
      clientSocket.end(
        'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      resolve(undefined);
    });
    server.handleUpgrade(req, socket, head, (ws) => resolve(ws));
  });
}

/** x/net/websocket's answer when no offered subprotocol is supported. */
export function rejectWebSocket(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(403, { 'Content-Length': '0' });
  res.end();
}

interface Upgrade {
  socket: Duplex;
  head: Buffer;
}

/** The sockets of the upgrade requests the API handler is serving (index.ts handleUpgrade). */
const upgrades = new WeakMap<IncomingMessage, Upgrade>();

export function rememberUpgrade(req: IncomingMessage, upgrade: Upgrade): void {
  upgrades.set(req, upgrade);
}

/** What the upgrade-aware proxy checks before it proxies (ConnectMethods GET and POST, upgrade required). */
export function upgradeOf(request: SubresourceRequest): Upgrade {
  if (request.method !== 'GET' && request.method !== 'POST') {
    throw new StatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }
  const upgrade = upgrades.get(request.req);
  if (!upgrade) throw badRequest('Upgrade request required');
  return upgrade;
}
