import '@xterm/xterm/css/xterm.css';
import { Group } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal as XTerm } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { TerminalSearch } from './TerminalSearch';

/**
 * A recorded terminal, replayed read-only: the bytes the learner's shell wrote go into an
 * xterm.js that takes no input (no socket, stdin disabled), so colours, prompts and full-screen
 * programs look as they did.
 */
export function TranscriptViewer({ output }: { output: string }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const search = useRef<SearchAddon | undefined>(undefined);

  useEffect(() => {
    if (!container.current) return;
    const xterm = new XTerm({
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      allowProposedApi: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
      theme: { background: '#0b1021' },
      scrollback: 100_000,
    });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    const unicode = new Unicode11Addon();
    xterm.loadAddon(unicode);
    xterm.unicode.activeVersion = '11';
    search.current = new SearchAddon();
    xterm.loadAddon(search.current);
    xterm.open(container.current);
    try {
      fit.fit();
    } catch {
      // not laid out yet
    }
    // the cursor is hidden at the end (DECTCEM): nobody types here
    xterm.write(`${output}\x1b[?25l`);
    const observer = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    });
    observer.observe(container.current);
    return () => {
      observer.disconnect();
      xterm.dispose();
    };
  }, [output]);

  return (
    // a fixed height: xterm.js fits its rows to the box it is given
    <section
      className="terminal-wrap"
      style={{ height: '70vh' }}
      aria-label={t('classes.transcript')}
    >
      <Group gap={4} px={6} py={2} justify="flex-end" className="terminal-tools">
        <TerminalSearch search={search} />
      </Group>
      <div ref={container} className="terminal" data-testid="transcript" />
    </section>
  );
}
