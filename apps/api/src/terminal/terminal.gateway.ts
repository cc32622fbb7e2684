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
  language: Language;
  unwatch?: () => void;
}

const room = (sessionId: string) => `session:${sessionId}`;

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
  ) {}

  afterInit(): void {
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
    this.terminals.detach(state.sessionId);
    void socket.leave(room(state.sessionId));
    state.sessionId = undefined;
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
    try {
      await this.sessions.running(state.signedIn.account.id, sessionId);
    } catch (error) {
      socket.emit('error', { message: (error as Error).message });
      return;
    }
    this.leave(socket);
    state.sessionId = sessionId;
    await socket.join(room(sessionId));
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
    this.terminals.input(state.sessionId, data);
    this.sessions.activity(state.sessionId);
  }

  @SubscribeMessage('resize')
  async resize(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<void> {
    const state = this.state(socket);
    await state.attaching;
    const parsed = TerminalResize.safeParse(body);
    if (!state.sessionId || !parsed.success) return;
    this.terminals.resize(state.sessionId, parsed.data.cols, parsed.data.rows);
  }
}
