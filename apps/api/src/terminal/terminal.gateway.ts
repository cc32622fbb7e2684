import { type Language, TerminalAttach, TerminalResize } from '@kubebelt/contract';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { sessionToken } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import type { SignedIn } from '../auth/signed-in';
import { acceptLanguage } from '../catalog/language';
import { AppConfig } from '../config/app-config';
import { GradingService } from '../grading/grading.service';
import { SessionsService } from '../sessions/sessions.service';
import { TerminalsService } from './terminals.service';

const MAX_INPUT = 64 * 1024;

interface SocketState {
  /** Resolved once the cookie is checked: messages that arrive earlier wait for it. */
  auth: Promise<SignedIn | undefined>;
  signedIn?: SignedIn;
  /** The attach in progress: input sent right after attach waits for it instead of being lost. */
  attaching?: Promise<void>;
  sessionId?: string;
  /** The session's shell runs in another API process: input goes there through Redis. */
  remote?: boolean;
  language: Language;
  unwatch?: () => void;
}

const room = (sessionId: string) => `session:${sessionId}`;

/** What processes ask each other about the shells they hold (socket.io serverSideEmit, over Redis). */
interface PeerTerminalMessage {
  sessionId: string;
  cols?: number;
  rows?: number;
  data?: string;
}

/**
 * socket.io namespace /terminal, authenticated by the session cookie. The client emits
 * `attach {sessionId, cols, rows}`, then `input` (string) and `resize {cols, rows}`; the server
 * emits `output` (string), `status` (live task results, as POST /check answers), `reset` (the
 * session was reset: attach again), `ended` and `error {message}`.
 */
@WebSocketGateway({ namespace: '/terminal', cors: false, maxHttpBufferSize: 1e6 })
export class TerminalGateway implements OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit {
  @WebSocketServer() private server!: Namespace;
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly terminals: TerminalsService,
    private readonly grading: GradingService,
    private readonly config: AppConfig,
  ) {}

  /** Whether a terminal may be attached through a process that does not hold the session. */
  private get crossProcess(): boolean {
    return !!this.config.instances.redisUrl;
  }

  afterInit(): void {
    if (this.crossProcess) this.answerPeers();
    // batch a shell's small writes into one message per few milliseconds
    this.terminals.onOutput((sessionId, data) => {
      const queued = this.pending.get(sessionId);
      this.pending.set(sessionId, (queued ?? '') + data);
      if (queued === undefined) setTimeout(() => this.flush(sessionId), 4);
    });
    this.terminals.onClosed((sessionId, reason) => {
      this.flush(sessionId);
      // after a reset the browser attaches again to the new shell; after an end it stops
      if (reason === 'reset') this.server.to(room(sessionId)).emit('reset', { sessionId });
      else if (reason === 'ended' || reason === 'expired')
        this.server.to(room(sessionId)).emit('ended', { sessionId, reason });
    });
  }

  /** Another process's viewer of a shell held here: attach, type, resize and leave through us. */
  private answerPeers(): void {
    const server = this.server as unknown as {
      on(
        event: string,
        listener: (message: PeerTerminalMessage, ack?: (r: unknown) => void) => void,
      ): void;
    };
    const held = (m: PeerTerminalMessage) => this.terminals.holds(m.sessionId);
    server.on('terminal:attach', (m, ack) =>
      ack?.(held(m) ? this.terminals.attach(m.sessionId, m.cols ?? 80, m.rows ?? 24) : null),
    );
    server.on('terminal:input', (m) => {
      if (held(m) && typeof m.data === 'string') this.terminals.input(m.sessionId, m.data);
    });
    server.on('terminal:resize', (m) => {
      if (held(m) && m.cols && m.rows) this.terminals.resize(m.sessionId, m.cols, m.rows);
    });
    server.on('terminal:detach', (m) => {
      if (held(m)) this.terminals.detach(m.sessionId);
    });
  }

  private tellOwner(event: string, message: PeerTerminalMessage): void {
    this.server.serverSideEmit(event, message);
  }

  private flush(sessionId: string): void {
    const data = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    if (data) this.server.to(room(sessionId)).emit('output', data);
  }

  private state(socket: Socket): SocketState {
    return socket.data as SocketState;
  }

  async handleConnection(socket: Socket): Promise<void> {
    const state = this.state(socket);
    state.language = acceptLanguage(socket.handshake.headers['accept-language']);
    state.auth = this.auth
      .signedIn(sessionToken(socket.handshake.headers.cookie))
      .catch(() => undefined);
    const signedIn = await state.auth;
    if (!signedIn) {
      socket.emit('error', { message: 'Sign in first' });
      socket.disconnect(true);
      return;
    }
    state.signedIn = signedIn;
    const locale = signedIn.account.locale;
    if (locale === 'en' || locale === 'zh') state.language = locale;
  }

  handleDisconnect(socket: Socket): void {
    this.leave(socket);
  }

  private leave(socket: Socket): void {
    const state = this.state(socket);
    if (!state.sessionId) return;
    state.unwatch?.();
    if (state.remote) this.tellOwner('terminal:detach', { sessionId: state.sessionId });
    else this.terminals.detach(state.sessionId);
    void socket.leave(room(state.sessionId));
    state.sessionId = undefined;
    state.remote = false;
  }

  @SubscribeMessage('attach')
  attach(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<void> {
    const state = this.state(socket);
    state.attaching = this.doAttach(socket, body);
    return state.attaching;
  }

  private async doAttach(socket: Socket, body: unknown): Promise<void> {
    const state = this.state(socket);
    const parsed = TerminalAttach.safeParse(body);
    await state.auth;
    if (!state.signedIn) return;
    if (!parsed.success) {
      socket.emit('error', { message: 'attach needs {sessionId, cols, rows}' });
      return;
    }
    const { sessionId, cols, rows } = parsed.data;
    let owner: { id: string } | undefined;
    try {
      ({ owner } = await this.sessions.locate(state.signedIn.account.id, sessionId));
      if (owner && !this.crossProcess)
        throw new Error(
          `This session runs in another API process (${owner.id}) and the processes share no Redis: route a session's requests to one process, or set KUBEBELT_REDIS_URL`,
        );
    } catch (error) {
      socket.emit('error', { message: (error as Error).message });
      return;
    }
    this.leave(socket);
    state.sessionId = sessionId;
    await socket.join(room(sessionId));
    if (owner) {
      // the owner answers with the scrollback, the other processes with null
      let replies: unknown[] = [];
      try {
        replies = await this.server.serverSideEmitWithAck('terminal:attach', {
          sessionId,
          cols,
          rows,
        });
      } catch {
        // a process did not answer within the adapter's requestsTimeout (5 s)
      }
      state.remote = true;
      const scrollback = replies.find((r) => typeof r === 'string') as string | undefined;
      if (scrollback) socket.emit('output', scrollback);
      socket.emit('attached', { sessionId });
      return;
    }
    const scrollback = this.terminals.attach(sessionId, cols, rows);
    if (scrollback) socket.emit('output', scrollback);
    socket.emit('attached', { sessionId });
    state.unwatch = this.grading.watch(sessionId, (report) => {
      socket.emit('status', this.grading.viewOf(report, state.language));
    });
  }

  @SubscribeMessage('input')
  async input(@ConnectedSocket() socket: Socket, @MessageBody() data: unknown): Promise<void> {
    const state = this.state(socket);
    await state.attaching;
    if (!state.sessionId || typeof data !== 'string' || data.length > MAX_INPUT) return;
    if (state.remote) this.tellOwner('terminal:input', { sessionId: state.sessionId, data });
    else this.terminals.input(state.sessionId, data);
    this.sessions.activity(state.sessionId);
  }

  @SubscribeMessage('resize')
  async resize(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<void> {
    const state = this.state(socket);
    await state.attaching;
    const parsed = TerminalResize.safeParse(body);
    if (!state.sessionId || !parsed.success) return;
    if (state.remote)
      this.tellOwner('terminal:resize', { sessionId: state.sessionId, ...parsed.data });
    else this.terminals.resize(state.sessionId, parsed.data.cols, parsed.data.rows);
  }
}
