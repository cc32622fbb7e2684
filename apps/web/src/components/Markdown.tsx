import { Box, Button, CopyButton, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown from 'react-markdown';

/**
 * Lab instructions: Markdown rendered without raw HTML (react-markdown escapes it), code blocks
 * with Copy and "Run in terminal".
 */
export function Markdown({ text, onRun }: { text: string; onRun?: (code: string) => void }) {
  return (
    <Box className="markdown">
      <ReactMarkdown
        components={{
          pre: ({ children }) => <CodeBlock onRun={onRun}>{children}</CodeBlock>,
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer noopener">
              {children}
            </a>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </Box>
  );
}

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node)
    return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

function CodeBlock({ children, onRun }: { children: ReactNode; onRun?: (code: string) => void }) {
  const { t } = useTranslation();
  const code = textOf(children).replace(/\n$/, '');
  return (
    <Box className="code-block">
      <Group gap={4} className="code-actions">
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="default" onClick={copy}>
              {copied ? t('lab.copied') : t('lab.copy')}
            </Button>
          )}
        </CopyButton>
        {onRun && (
          <Button size="compact-xs" variant="light" onClick={() => onRun(code)}>
            {t('lab.run')}
          </Button>
        )}
      </Group>
      <pre>{children}</pre>
    </Box>
  );
}

/** Markdown inside a line of text (a quiz prompt or choice): inline code and emphasis, no paragraphs. */
export function InlineMarkdown({ text }: { text: string }) {
  return (
    <ReactMarkdown components={{ p: ({ children }) => <span>{children}</span> }}>
      {text}
    </ReactMarkdown>
  );
}
