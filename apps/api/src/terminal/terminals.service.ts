import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { spawn } from 'node-pty';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { ShellProcess } from '../sessions/drivers/cluster-driver';
import { LabEnvironments } from '../sessions/lab-environments';
import { sessionPaths } from '../sessions/session-home';
import { SessionsService, type StopReason } from '../sessions/sessions.service';
import { shellCommand } from './sandbox';
import { SandboxService } from './sandbox.service';

export const SCROLLBACK_BYTES = 256 * 1024;
/** Output beyond this many bytes a second pauses the shell briefly (a `yes` flood). */
const OUTPUT_BYTES_PER_SECOND = 2 * 1024 * 1024;
/** A shell nobody has watched for this long is stopped (its scrollback is kept). */
const IDLE_MS = 30 * 60_000;

interface Terminal {
  sessionId: string;
  /** node-pty's bash in the sandbox, or a shell in the session's workstation (docker exec). */
  pty?: ShellProcess;
  scrollback: string[];
  scrollbackBytes: number;
  viewers: number;
  cols: number;
  rows: number;
  windowStart: number;
  windowBytes: number;
  idleTimer?: NodeJS.Timeout;
}

export type OutputListener = (sessionId: string, data: string) => void;

/**
 * One PTY per lab session, shared by the learner's tabs: a sandboxed bash (see sandbox.ts).
 * Reconnecting replays the last 256 KiB and continues; the shell stops when the session does.
 */
@Injectable()
export class TerminalsService implements OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private readonly terminals = new Map<string, Terminal>();
  private readonly outputListeners: OutputListener[] = [];
  private readonly endListeners: ((sessionId: string, reason: StopReason) => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly sandbox: SandboxService,
    private readonly environments: LabEnvironments,
    sessions: SessionsService,
    metrics: MetricsService,
  ) {
    sessions.onStopped((id, reason) => this.close(id, reason));
    // the shell starts with the session, so its prompt is there when the browser attaches
    sessions.onStarted((id) => this.prestart(id));
    metrics.gauge(
      'kubebelt_terminals_open',
      () => [...this.terminals.values()].filter((t) => t.pty).length,
    );
  }

  onOutput(listener: OutputListener): void {
    this.outputListeners.push(listener);
  }

  /** Called when a session's terminal closes (the session stopped, or was reset). */
  onClosed(listener: (sessionId: string, reason: StopReason) => void): void {
    this.endListeners.push(listener);
  }

  prestart(sessionId: string): void {
    const terminal = this.terminal(sessionId);
    if (!terminal.pty) this.spawn(terminal);
    if (!terminal.viewers && !terminal.idleTimer) {
      terminal.idleTimer = setTimeout(() => terminal.pty?.kill(), IDLE_MS);
      terminal.idleTimer.unref();
    }
  }

  /** A viewer joins: the shell is started if needed; returns the scrollback to replay. */
  attach(sessionId: string, cols: number, rows: number): string {
    const terminal = this.terminal(sessionId);
    terminal.viewers++;
    if (terminal.idleTimer) clearTimeout(terminal.idleTimer);
    terminal.idleTimer = undefined;
    this.resize(sessionId, cols, rows);
    if (!terminal.pty) this.spawn(terminal);
    return terminal.scrollback.join('');
  }

  /** Whether the session's environment (and so its shell) is in this process. */
  holds(sessionId: string): boolean {
    return !!this.environments.get(sessionId);
  }

  detach(sessionId: string): void {
    const terminal = this.terminals.get(sessionId);
    if (!terminal) return;
    terminal.viewers = Math.max(0, terminal.viewers - 1);
    if (terminal.viewers === 0 && terminal.pty) {
      terminal.idleTimer = setTimeout(() => terminal.pty?.kill(), IDLE_MS);
      terminal.idleTimer.unref();
    }
  }

  input(sessionId: string, data: string): void {
    const terminal = this.terminals.get(sessionId);
    if (!terminal) return;
    if (!terminal.pty) {
      // the shell exited: Enter starts a new one
      if (data.includes('\r')) this.spawn(terminal);
      return;
    }
    terminal.pty.write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    const terminal = this.terminals.get(sessionId);
    if (!terminal) return;
    terminal.cols = cols;
    terminal.rows = rows;
    try {
      terminal.pty?.resize(cols, rows);
    } catch {
      // the shell is exiting
    }
  }

  close(sessionId: string, reason: StopReason = 'shutdown'): void {
    const terminal = this.terminals.get(sessionId);
    if (!terminal) return;
    this.terminals.delete(sessionId);
    if (terminal.idleTimer) clearTimeout(terminal.idleTimer);
    terminal.pty?.kill('SIGKILL');
    for (const l of this.endListeners) l(sessionId, reason);
  }

  onModuleDestroy(): void {
    for (const id of [...this.terminals.keys()]) this.close(id);
  }

  private terminal(sessionId: string): Terminal {
    let terminal = this.terminals.get(sessionId);
    if (!terminal) {
      terminal = {
        sessionId,
        scrollback: [],
        scrollbackBytes: 0,
        viewers: 0,
        cols: 80,
        rows: 24,
        windowStart: Date.now(),
        windowBytes: 0,
      };
      this.terminals.set(sessionId, terminal);
    }
    return terminal;
  }

  private spawn(terminal: Terminal): void {
    const running = this.environments.get(terminal.sessionId);
    const mode = this.sandbox.mode();
    if (!running) return;
    const workstation = running.env.workstation;
    let pty: ShellProcess;
    if (workstation) pty = workstation.openShell(terminal.cols, terminal.rows);
    else if (mode === 'refused') {
      this.emit(terminal, `\r\n${this.sandbox.health().reason}\r\n`);
      return;
    } else pty = this.spawnLocal(mode, terminal, running.env.names);
    terminal.pty = pty;
    // a closed terminal's shell may still flush what it wrote before the kill: the session (or
    // its reset) is over, so that output reaches neither viewers nor the transcript
    pty.onData((data) => {
      if (this.terminals.get(terminal.sessionId) === terminal) this.output(terminal, data);
    });
    pty.onExit(({ exitCode }) => {
      if (terminal.pty !== pty) return;
      terminal.pty = undefined;
      if (this.terminals.get(terminal.sessionId) === terminal)
        this.emit(
          terminal,
          `\r\n[the shell exited with ${exitCode}; press Enter for a new one]\r\n`,
        );
    });
    this.logger.debug(
      `Shell started for session ${terminal.sessionId} (${workstation ? 'workstation' : mode})`,
    );
  }

  /** bash on this machine: in the bubblewrap sandbox, or as the server's user. */
  private spawnLocal(mode: 'bwrap' | 'none', terminal: Terminal, clusters: string[]): ShellProcess {
    const paths = sessionPaths(this.config.platform.sessionsDir, terminal.sessionId);
    const command = shellCommand(mode, paths, clusters);
    return spawn(command.file, command.args, {
      name: 'xterm-256color',
      cols: terminal.cols,
      rows: terminal.rows,
      cwd: command.cwd,
      env: command.env,
    });
  }

  private output(terminal: Terminal, data: string): void {
    const now = Date.now();
    if (now - terminal.windowStart >= 1_000) {
      terminal.windowStart = now;
      terminal.windowBytes = 0;
    }
    terminal.windowBytes += data.length;
    if (terminal.windowBytes > OUTPUT_BYTES_PER_SECOND && terminal.pty) {
      // let the browser catch up: the shell is paused until the next second starts
      const pty = terminal.pty;
      pty.pause();
      setTimeout(() => pty.resume(), 1_000 - (now - terminal.windowStart)).unref();
    }
    this.emit(terminal, data);
  }

  private emit(terminal: Terminal, data: string): void {
    terminal.scrollback.push(data);
    terminal.scrollbackBytes += data.length;
    while (terminal.scrollbackBytes > SCROLLBACK_BYTES && terminal.scrollback.length > 1) {
      terminal.scrollbackBytes -= (terminal.scrollback.shift() as string).length;
    }
    for (const l of this.outputListeners) l(terminal.sessionId, data);
  }
}
