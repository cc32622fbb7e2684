import {
  Card,
  Container,
  Group,
  Loader,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useProgress } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';

/** Per course and curriculum domain, and every attempt's score over time. */
export function ProgressPage() {
  const { t } = useTranslation();
  const progress = useProgress();
  if (progress.isPending) return <Loader m="xl" />;
  if (progress.error) return <ErrorNotice error={progress.error} />;
  const p = progress.data;
  const history = p.history.slice(-40);
  return (
    <Container size="lg" py="lg">
      <Stack>
        <Title order={1}>{t('progress.title')}</Title>
        {p.courses.map((c) => (
          <Card withBorder key={c.id}>
            <Title order={2} size="h3">
              {c.title}
            </Title>
            <Text>{t('progress.labsDone', { done: c.labsCompleted, total: c.labs })}</Text>
            <Progress value={c.labs ? (100 * c.labsCompleted) / c.labs : 0} mb="xs" />
            <Text>{t('progress.quizzesPassed', { done: c.quizzesPassed, total: c.quizzes })}</Text>
            <Progress
              value={c.quizzes ? (100 * c.quizzesPassed) / c.quizzes : 0}
              color="grape"
              mb="xs"
            />
            <Text size="sm" c="dimmed">
              {t('progress.minutes', { count: c.minutesSpent })}
            </Text>
          </Card>
        ))}
        <Title order={2} size="h3">
          {t('progress.domains')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {p.domains.map((d) => (
            <Card withBorder key={d.domain} p="sm">
              <Group justify="space-between">
                <Text size="sm">{d.domain}</Text>
                <Text size="sm">
                  {d.completed}/{d.total}
                </Text>
              </Group>
              <Progress value={d.total ? (100 * d.completed) / d.total : 0} size="sm" />
            </Card>
          ))}
        </SimpleGrid>
        <Title order={2} size="h3">
          {t('progress.history')}
        </Title>
        {history.length === 0 ? (
          <Text c="dimmed">{t('progress.empty')}</Text>
        ) : (
          <>
            <svg
              viewBox={`0 0 ${history.length * 20} 100`}
              className="score-chart"
              role="img"
              aria-label={t('progress.history')}
            >
              <polyline
                fill="none"
                stroke="#228be6"
                strokeWidth="2"
                points={history
                  .map(
                    (h, i) =>
                      `${i * 20 + 10},${100 - (h.maxScore ? (90 * h.score) / h.maxScore : 0) - 5}`,
                  )
                  .join(' ')}
              />
              {history.map((h, i) => (
                <circle
                  key={`${h.at}-${h.id}`}
                  cx={i * 20 + 10}
                  cy={100 - (h.maxScore ? (90 * h.score) / h.maxScore : 0) - 5}
                  r="3"
                  fill={h.kind === 'lab' ? '#228be6' : '#be4bdb'}
                />
              ))}
            </svg>
            <Table striped>
              <Table.Tbody>
                {[...history].reverse().map((h) => (
                  <Table.Tr key={`${h.at}-${h.id}`}>
                    <Table.Td>{new Date(h.at).toLocaleString()}</Table.Td>
                    <Table.Td>{h.kind}</Table.Td>
                    <Table.Td>{h.id}</Table.Td>
                    <Table.Td>
                      {h.score} / {h.maxScore}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Container>
  );
}
