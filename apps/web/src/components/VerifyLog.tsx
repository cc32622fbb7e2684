import type { VerifyStreamEvent } from '@kubebelt/contract';
import { Badge, Code, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A Verify run as it streams in: each step with what it found, then the verdict. */
export function VerifyLog({ events }: { events: VerifyStreamEvent[] }) {
  const { t, i18n } = useTranslation();
  const say = (text: Record<string, string>) => text[i18n.language] ?? text.en;
  const mark = (ok: boolean) => (
    <ThemeIcon size="sm" radius="xl" color={ok ? 'green' : 'red'} aria-label={ok ? 'ok' : 'failed'}>
      {ok ? '✓' : '✗'}
    </ThemeIcon>
  );
  return (
    <Stack gap="xs" aria-live="polite" aria-label={t('author.verifyLog')}>
      {events.map((e, i) => {
        const key = `${e.step}-${i}`;
        switch (e.step) {
          case 'queued':
            return <Text key={key}>{t('author.verifyQueued', { position: e.position })}</Text>;
          case 'started':
            return (
              <Text key={key}>
                {t('author.verifyStarted', { checks: e.checks, mistakes: e.mistakes.length })}
              </Text>
            );
          case 'set-up':
            return (
              <Group key={key} gap="xs" wrap="nowrap">
                {mark(e.ok)}
                <Text>{e.ok ? t('author.verifySetUp') : e.message}</Text>
              </Group>
            );
          case 'before':
          case 'after':
            return (
              <Stack key={key} gap={2}>
                <Group gap="xs">
                  {mark(e.step === 'before' ? e.passing === 0 : e.passing === e.checks)}
                  <Text fw={600}>
                    {t(e.step === 'before' ? 'author.verifyBefore' : 'author.verifyAfter', {
                      passing: e.passing,
                      checks: e.checks,
                    })}
                  </Text>
                </Group>
                <List size="sm" spacing={2} listStyleType="none" pl="lg">
                  {e.results.map((r) => (
                    <List.Item key={`${r.task}/${r.check}`}>
                      <Text size="sm" span c={r.passed ? 'green.8' : 'red.8'}>
                        {r.passed ? '✓' : '✗'} {r.task}/{r.check}
                      </Text>{' '}
                      <Text size="sm" span c="dimmed">
                        {say(r.message)}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              </Stack>
            );
          case 'solution':
            return (
              <Stack key={key} gap={2}>
                <Group gap="xs">
                  {mark(e.exitCode === 0)}
                  <Text>
                    {e.timedOut
                      ? t('author.verifySolutionTimedOut')
                      : t('author.verifySolution', { code: e.exitCode })}
                  </Text>
                </Group>
                {e.exitCode !== 0 && <Code block>{e.output}</Code>}
              </Stack>
            );
          case 'mistake':
            return (
              <Group key={key} gap="xs" wrap="nowrap" align="flex-start">
                {mark(e.ok)}
                <Text size="sm">
                  {t('author.verifyMistake', { name: e.name })}
                  {e.message ? `: ${e.message}` : ''}
                </Text>
              </Group>
            );
          case 'finished':
            return (
              <Stack key={key} gap={4}>
                <Badge size="lg" color={e.outcome.ok ? 'green' : 'red'}>
                  {e.outcome.ok
                    ? t('author.verifyPassed', {
                        seconds: (e.outcome.durationMs / 1000).toFixed(1),
                      })
                    : t('author.verifyFailed')}
                </Badge>
                {e.outcome.failures.map((f) => (
                  <Text key={`${f.task}/${f.check}/${f.message}`} size="sm" c="red.8">
                    {[f.task, f.check].filter(Boolean).join('/')} {f.message}
                  </Text>
                ))}
              </Stack>
            );
          case 'error':
            return (
              <Text key={key} c="red.8">
                {e.message}
              </Text>
            );
        }
        return null;
      })}
    </Stack>
  );
}
