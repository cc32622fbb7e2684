import '@xterm/xterm/css/xterm.css';
import type { GradeView } from '@kubebelt/contract';
import { Alert } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal as XTerm } from '@xterm/xterm';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { io, type Socket } from 'socket.io-client';

export interface TerminalHandle {
  /** Types text into the shell (a code block's "Run in terminal"). */
  type(text: string): void;
  focus(): void;
}

interface Props {
  sessionId: string;
  onStatus?: (status: GradeView) => void;
  onEnded?: () => void;
}

/** The learner's shell: xterm.js on the /terminal socket; reconnects and replays the scrollback. */
export const Terminal = forwardRef<TerminalHandle, Props>(function Terminal(
  { sessionId, onStatus, onEnded },
  ref,
) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | undefined>(undefined);
  const socket = useRef<Socket | undefined>(undefined);
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<string>();
  const callbacks = useRef({ onStatus, onEnded });
  callbacks.current = { onStatus, onEnded };

  useImperativeHandle(ref, () => ({
    type: (text) => {
      socket.current?.emit('input', text.endsWith('\n') ? text.replace(/\n$/, '\r') : `${text}\r`);
      term.current?.focus();
    },
    focus: () => term.current?.focus(),
  }));

  useEffect(() => {
    if (!container.current) return;
    const xterm = new XTerm({
      cursorBlink: true,
      fontSize: 14,
      fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
      theme: { background: '#0b1021' },
      scrollback: 5000,
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    xterm.loadAddon(new WebLinksAddon());
    xterm.open(container.current);
    fit.fit();
    term.current = xterm;
    const s = io('/terminal', { transports: ['websocket'] });
    socket.current = s;
    let firstAttach = true;
    s.on('connect', () => {
      setConnected(true);
      // on a reconnect the server replays the scrollback: start from a clean screen
      if (!firstAttach) xterm.reset();
      firstAttach = false;
      s.emit('attach', { sessionId, cols: xterm.cols, rows: xterm.rows });
    });
    s.on('disconnect', () => setConnected(false));
    s.on('output', (data: string) => xterm.write(data));
    s.on('status', (status: GradeView) => callbacks.current.onStatus?.(status));
    s.on('ended', () => callbacks.current.onEnded?.());
    s.on('error', (e: { message: string }) => setError(e.message));
    const input = xterm.onData((data) => s.emit('input', data));
    const resize = xterm.onResize(({ cols, rows }) => s.emit('resize', { cols, rows }));
    const observer = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    });
    observer.observe(container.current);
    xterm.focus();
    return () => {
      observer.disconnect();
      input.dispose();
      resize.dispose();
      s.close();
      xterm.dispose();
    };
  }, [sessionId]);

  return (
    <div className="terminal-wrap">
      {!connected && (
        <Alert color="yellow" className="terminal-banner" role="status">
          {t('lab.reconnecting')}
        </Alert>
      )}
      {error && (
        <Alert color="red" className="terminal-banner" role="alert">
          {error}
        </Alert>
      )}
      <div ref={container} className="terminal" data-testid="terminal" />
    </div>
  );
});
