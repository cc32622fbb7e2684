/**
 * A `docker exec` with a TTY, shaped like node-pty's IPty so that the terminal treats it as any
 * other shell: the exec starts in the background, input typed before it is ready is kept, and
 * the output is decoded as UTF-8 across chunk boundaries.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { ShellProcess } from '../cluster-driver';
import { killExecOptions, shellExecOptions } from './workstation-spec';

export class DockerShell implements ShellProcess {
  private exec?: Docker.Exec;
  private stream?: Duplex;
  private readonly pending: string[] = [];
  private readonly dataListeners: ((data: string) => void)[] = [];
  private readonly exitListeners: ((event: { exitCode: number }) => void)[] = [];
  private killed?: string;
  private exited = false;
  private paused = false;
  /** Why the connection to the shell failed, when it did. */
  private lost?: string;

  private readonly pidFile = `/tmp/.kubebelt-shell-${randomBytes(8).toString('hex')}`;

  constructor(
    private readonly container: Docker.Container,
    private readonly options: { user: string; env: Record<string, string> },
    private cols: number,
    private rows: number,
    /** Resolves once the container runs (it starts with its first shell). */
    ready: () => Promise<void>,
  ) {
    void this.start(ready);
  }

  onData(listener: (data: string) => void): void {
    this.dataListeners.push(listener);
  }

  onExit(listener: (event: { exitCode: number }) => void): void {
    this.exitListeners.push(listener);
  }

  write(data: string): void {
    if (this.stream) this.stream.write(data);
    else if (!this.exited) this.pending.push(data);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    void this.exec?.resize({ h: rows, w: cols }).catch(() => {});
  }

  pause(): void {
    this.paused = true;
    this.stream?.pause();
  }

  resume(): void {
    this.paused = false;
    this.stream?.resume();
  }

  /**
   * Signals the shell from inside the container (closing the connection would leave it running,
   * and the pid the Engine reports is one of its host, which this process may not share).
   */
  kill(signal = 'SIGHUP'): void {
    this.killed = signal;
    if (this.exec && !this.exited) this.signal(signal);
  }

  private signal(signal: string): void {
    void this.container
      .exec(killExecOptions({ user: this.options.user, pidFile: this.pidFile, signal }))
      .then((exec) => exec.start({ Detach: true }))
      .catch(() => this.stream?.destroy());
  }

  private async start(ready: () => Promise<void>) {
    try {
      await ready();
      if (this.killed) {
        // as a shell killed by that signal would exit
        void this.finish(128 + (constants.signals[this.killed as NodeJS.Signals] ?? 9));
        return;
      }
      const exec = await this.container.exec(
        shellExecOptions({ ...this.options, pidFile: this.pidFile }),
      );
      const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
      this.exec = exec;
      this.stream = stream;
      if (this.paused) stream.pause();
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (text) for (const l of this.dataListeners) l(text);
      });
      stream.once('close', () => void this.finish());
      stream.once('end', () => void this.finish());
      stream.on('error', (error) => {
        this.lost = error.message;
        void this.finish();
      });
      if (this.killed) {
        this.signal(this.killed);
        return;
      }
      await exec.resize({ h: this.rows, w: this.cols }).catch(() => {});
      for (const data of this.pending.splice(0)) stream.write(data);
    } catch (error) {
      const message = `\r\nThe workstation could not start a shell: ${(error as Error).message}\r\n`;
      for (const l of this.dataListeners) l(message);
      void this.finish(1);
    }
  }

  private async finish(exitCode?: number): Promise<void> {
    if (this.exited) return;
    this.exited = true;
    let code = exitCode;
    // the connection closes as the process ends: its exit code follows a moment later
    for (let i = 0; code === undefined && i < 20; i++) {
      const info = await this.exec?.inspect().catch(() => undefined);
      if (!info?.Running) code = info?.ExitCode ?? 1;
      else await new Promise((r) => setTimeout(r, 25));
    }
    if (code === undefined) {
      // the connection went, the shell did not: say so, and stop the shell nobody can reach
      const why = this.lost ? `: ${this.lost}` : '';
      for (const l of this.dataListeners) l(`\r\n[the connection to the shell was lost${why}]`);
      this.signal('SIGKILL');
    }
    for (const l of this.exitListeners) l({ exitCode: code ?? 1 });
  }
}
