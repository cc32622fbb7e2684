import {
  Card,
  Container,
  Group,
  Loader,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useProgress } from '../api/hooks';
import { AttemptHistory } from '../components/AttemptHistory';
import { ErrorNotice } from '../components/ErrorNotice';
import { ScoreChart } from '../components/ScoreChart';

/** Per course and curriculum domain, and every attempt's score over time. */
export function ProgressPage() {
  const { t } = useTranslation();
  const progress = useProgress();
  if (progress.isPending) return <Loader m="xl" />;
  if (progress.error) return <ErrorNotice error={progress.error} />;
  const p = progress.data;
  // the chart stays readable: the last 100 attempts (the list below has them all)
  const history = p.history.slice(-100);
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
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="sm">{t(`domains.${d.domain}`, { defaultValue: d.domain })}</Text>
                <Text size="sm" style={{ flexShrink: 0 }}>
                  {d.completed}/{d.total}
                </Text>
              </Group>
              <Progress value={d.total ? (100 * d.completed) / d.total : 0} size="sm" />
            </Card>
          ))}
        </SimpleGrid>
        <Title order={2} size="h3">
          {t('progress.chart')}
        </Title>
        {history.length === 0 ? (
          <Text c="dimmed">{t('progress.empty')}</Text>
        ) : (
          <>
            <ScoreChart history={history} />
            <Title order={2} size="h3">
              {t('progress.history')}
            </Title>
            <AttemptHistory history={p.history} />
          </>
        )}
      </Stack>
    </Container>
  );
}
