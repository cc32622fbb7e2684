import '@xterm/xterm/css/xterm.css';
import type { GradeView } from '@kubebelt/contract';
import { ActionIcon, Alert, Group } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal as XTerm } from '@xterm/xterm';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { io, type Socket } from 'socket.io-client';
import { TerminalSearch } from './TerminalSearch';

const FONT_KEY = 'kubebelt.terminal.fontSize';

export interface TerminalHandle {
  /** Types text into the shell (a code block's "Run in terminal"). */
  type(text: string): void;
  focus(): void;
}

interface Props {
  sessionId: string;
  onStatus?: (status: GradeView) => void;
  /** The shell's first output arrived (its prompt, or the scrollback of a resumed session). */
  onReady?: () => void;
  onEnded?: () => void;
}

/** The learner's shell: xterm.js on the /terminal socket; reconnects and replays the scrollback. */
export const Terminal = forwardRef<TerminalHandle, Props>(function Terminal(
  { sessionId, onStatus, onReady, onEnded },
  ref,
) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | undefined>(undefined);
  const socket = useRef<Socket | undefined>(undefined);
  const search = useRef<SearchAddon | undefined>(undefined);
  const [fontSize, setFontSize] = useState(() => Number(localStorage.getItem(FONT_KEY)) || 14);
  const initialFontSize = useRef(fontSize);
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<string>();
  const callbacks = useRef({ onStatus, onReady, onEnded });
  callbacks.current = { onStatus, onReady, onEnded };

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
      // later changes are applied by the effect below, without reconnecting
      fontSize: initialFontSize.current,
      allowProposedApi: true,
      fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
      theme: { background: '#0b1021' },
      scrollback: 5000,
    });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    xterm.loadAddon(new WebLinksAddon());
    const unicode = new Unicode11Addon();
    xterm.loadAddon(unicode);
    // wide characters (Chinese, emoji) take the two cells a real terminal gives them
    xterm.unicode.activeVersion = '11';
    search.current = new SearchAddon();
    xterm.loadAddon(search.current);
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
    s.on('output', (data: string) => {
      xterm.write(data);
      callbacks.current.onReady?.();
    });
    s.on('status', (status: GradeView) => callbacks.current.onStatus?.(status));
    s.on('ended', () => callbacks.current.onEnded?.());
    // the lab was reset: a new shell, attached afresh
    s.on('reset', () => {
      xterm.reset();
      s.emit('attach', { sessionId, cols: xterm.cols, rows: xterm.rows });
    });
    s.on('error', (e: { message: string }) => setError(e.message));
    // copy as terminals do: Ctrl+Shift+C, or Ctrl+C while text is selected (else Ctrl+C interrupts);
    // paste (Ctrl+V, Ctrl+Shift+V, the context menu) is xterm.js's own
    xterm.attachCustomKeyEventHandler((e) => {
      const copy =
        e.type === 'keydown' &&
        (e.ctrlKey || e.metaKey) &&
        e.key.toLowerCase() === 'c' &&
        (e.shiftKey || xterm.hasSelection());
      if (!copy) return true;
      if (xterm.hasSelection()) void navigator.clipboard?.writeText(xterm.getSelection());
      return false;
    });
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

  useEffect(() => {
    localStorage.setItem(FONT_KEY, String(fontSize));
    if (term.current) term.current.options.fontSize = fontSize;
  }, [fontSize]);

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
      <Group gap={4} px={6} py={2} justify="flex-end" className="terminal-tools">
        <TerminalSearch search={search} />
        <ActionIcon
          size="sm"
          variant="transparent"
          c="gray.3"
          aria-label={t('lab.smaller')}
          onClick={() => setFontSize((f) => Math.max(10, f - 1))}
        >
          A-
        </ActionIcon>
        <ActionIcon
          size="sm"
          variant="transparent"
          c="gray.3"
          aria-label={t('lab.bigger')}
          onClick={() => setFontSize((f) => Math.min(24, f + 1))}
        >
          A+
        </ActionIcon>
      </Group>
      <div ref={container} className="terminal" data-testid="terminal" />
    </div>
  );
});
