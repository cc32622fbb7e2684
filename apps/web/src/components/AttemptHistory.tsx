import type { MyProgress } from '@kubebelt/contract';
import { Accordion, Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { percentOf } from './ScoreChart';

type Attempt = MyProgress['history'][number];

/** Attempts grouped by lab and quiz, the most recently tried first, each with its dated scores. */
export function AttemptHistory({ history }: { history: Attempt[] }) {
  const { t, i18n } = useTranslation();
  const byItem = new Map<string, Attempt[]>();
  for (const h of history) {
    const key = `${h.kind}:${h.id}`;
    byItem.set(key, [...(byItem.get(key) ?? []), h]);
  }
  const items = [...byItem.entries()].sort(([, a], [, b]) =>
    (b.at(-1)?.at ?? '').localeCompare(a.at(-1)?.at ?? ''),
  );
  return (
    <Accordion variant="separated" multiple data-testid="attempt-history">
      {items.map(([key, attempts]) => {
        const best = Math.max(...attempts.map(percentOf));
        const { kind, title } = attempts[0];
        return (
          <Accordion.Item key={key} value={key} data-testid={`attempts-${key}`}>
            <Accordion.Control>
              <Group justify="space-between" wrap="nowrap" pr="sm">
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" color={kind === 'lab' ? 'blue' : 'grape'}>
                    {t(`progress.${kind}`)}
                  </Badge>
                  <Text fw={600}>{title}</Text>
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" c="dimmed">
                    {t('progress.attempts', { count: attempts.length })}
                  </Text>
                  <Badge color={best === 100 ? 'green' : 'gray'}>
                    {t('progress.best', { percent: best })}
                  </Badge>
                </Group>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('progress.when')}</Table.Th>
                    <Table.Th>{t('progress.score')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...attempts].reverse().map((a) => (
                    <Table.Tr key={a.at}>
                      <Table.Td>{new Date(a.at).toLocaleString(i18n.language)}</Table.Td>
                      <Table.Td>
                        {a.score} / {a.maxScore} ({percentOf(a)}%)
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
