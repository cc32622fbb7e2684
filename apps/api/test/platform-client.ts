/** A learner as the HTTP contract sees them: cookie sign-in, JSON calls, the /terminal socket. */
import { io, type Socket } from 'socket.io-client';

export class Learner {
  cookie = '';

  constructor(
    readonly base: string,
    readonly email: string,
    readonly password: string,
  ) {}

  async login(): Promise<this> {
    const response = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: this.password }),
    });
    if (response.status !== 200)
      throw new Error(`login ${response.status}: ${await response.text()}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    return this;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; text: string }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  }

  terminal(sessionId: string): Promise<Terminal> {
    return Terminal.open(this.base, this.cookie, sessionId);
  }
}

/** The learner's terminal: type lines, wait for what the shell prints. */
export class Terminal {
  output = '';
  statuses: any[] = [];
  errors: string[] = [];
  private marker = 0;

  private constructor(readonly socket: Socket) {
    socket.on('output', (data: string) => {
      this.output += data;
    });
    socket.on('status', (status: unknown) => this.statuses.push(status));
    socket.on('error', (e: { message: string }) => this.errors.push(e.message));
  }

  static async open(base: string, cookie: string, sessionId: string): Promise<Terminal> {
    const socket = io(`${base}/terminal`, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      reconnection: false,
    });
    const terminal = new Terminal(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.emit('attach', { sessionId, cols: 160, rows: 40 });
    await Promise.race([
      new Promise((resolve) => socket.once('attached', resolve)),
      new Promise((_r, reject) =>
        socket.once('error', (e: { message: string }) => reject(new Error(e.message))),
      ),
    ]);
    return terminal;
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 20_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = () => {
      const text = this.output.slice(from);
      return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    };
    while (!matches()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${pattern}; the terminal shows:\n${this.output.slice(-2000)}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.output.slice(from);
  }

  /** Types a command and returns what it printed (and its exit code). */
  async run(command: string, timeoutMs = 30_000): Promise<{ output: string; exitCode: number }> {
    const id = ++this.marker;
    const from = this.output.length;
    this.socket.emit('input', `${command}; printf '\\n@@done-%s-%s@@\\n' ${id} $?\r`);
    const pattern = new RegExp(`@@done-${id}-(\\d+)@@`);
    const text = await this.waitFor(pattern, timeoutMs, from);
    const exitCode = Number(pattern.exec(text)?.[1]);
    // The output starts after the last echo of this command line: a late prompt of the previous
    // command may come first, and readline may draw the line again.
    const echo = text.lastIndexOf(`' ${id} $?`);
    const start = text.indexOf('\n', Math.max(0, echo)) + 1;
    const output = text
      .slice(start, text.search(pattern))
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
      .replace(/\x1b\[[?0-9;]*[A-Za-z]/g, '')
      .replace(/\r/g, '');
    return { output, exitCode };
  }

  close(): void {
    this.socket.close();
  }
}
