import type { ExamAttemptSummary, ExamSummary } from '@kubebelt/contract';
import {
  Badge,
  Button,
  Card,
  Container,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useExamHistory, useExams, useStartExam } from '../api/exam-hooks';
import { ErrorNotice } from '../components/ErrorNotice';

/** Mock exams to start or resume, and the candidate's attempts with their scores. */
export function ExamsPage() {
  const { t } = useTranslation();
  const exams = useExams();
  const history = useExamHistory();
  const start = useStartExam();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState<ExamSummary | null>(null);

  if (exams.isPending) return <Loader m="xl" />;
  if (exams.error) return <ErrorNotice error={exams.error} />;
  return (
    <Container size="lg" py="lg">
      <Stack>
        <Title order={1}>{t('exam.title')}</Title>
        <Text c="dimmed">{t('exam.intro')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {exams.data.map((exam) => (
            <Card key={exam.id} withBorder padding="lg" component="article" aria-label={exam.title}>
              <Stack gap="xs" h="100%">
                <Group gap="xs">
                  <Badge>{exam.track.toUpperCase()}</Badge>
                  <Badge variant="light">{t(`catalog.difficulty.${exam.difficulty}`)}</Badge>
                </Group>
                <Title order={2} size="h4">
                  {exam.title}
                </Title>
                <Text size="sm">{exam.summary}</Text>
                <Text size="sm" c="dimmed">
                  {t('exam.facts', {
                    minutes: exam.durationMinutes,
                    pass: exam.passPercent,
                    tasks: exam.tasks,
                    questions: exam.questions,
                  })}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('exam.clusters', { clusters: exam.clusters.join(', ') })}
                </Text>
                <Group mt="auto">
                  {exam.running ? (
                    <Button component={Link} to={`/exam-attempts/${exam.running.id}`}>
                      {t('exam.resume')}
                    </Button>
                  ) : (
                    <Button onClick={() => setConfirm(exam)}>{t('exam.start')}</Button>
                  )}
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
        <Title order={2} size="h3" mt="lg">
          {t('exam.history')}
        </Title>
        {history.data?.length ? (
          <AttemptTable attempts={history.data} />
        ) : (
          <Text c="dimmed">{t('exam.noAttempts')}</Text>
        )}
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm?.title}
        closeOnClickOutside={!start.isPending}
      >
        <Stack>
          <Text>{t('exam.startConfirm', { minutes: confirm?.durationMinutes ?? 0 })}</Text>
          <ErrorNotice error={start.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)} disabled={start.isPending}>
              {t('lab.cancel')}
            </Button>
            <Button
              loading={start.isPending}
              onClick={() =>
                confirm &&
                start.mutate(confirm.id, {
                  onSuccess: (attempt) => navigate(`/exam-attempts/${attempt.id}`),
                })
              }
            >
              {t('exam.startNow')}
            </Button>
          </Group>
          {start.isPending && (
            <Text size="sm" c="dimmed" role="status">
              {t('exam.preparing')}
            </Text>
          )}
        </Stack>
      </Modal>
    </Container>
  );
}

/** Attempts newest first; each submitted one against the candidate's previous attempt of the same exam. */
function AttemptTable({ attempts }: { attempts: ExamAttemptSummary[] }) {
  const { t, i18n } = useTranslation();
  const previous = (a: ExamAttemptSummary, i: number) =>
    attempts.slice(i + 1).find((b) => b.examId === a.examId && b.percent !== null);
  return (
    <Table striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('exam.exam')}</Table.Th>
          <Table.Th>{t('exam.started')}</Table.Th>
          <Table.Th>{t('exam.score')}</Table.Th>
          <Table.Th>{t('exam.change')}</Table.Th>
          <Table.Th>{t('exam.result')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {attempts.map((a, i) => {
          const before = previous(a, i);
          const delta =
            a.percent !== null && before?.percent != null ? a.percent - before.percent : null;
          return (
            <Table.Tr key={a.id}>
              <Table.Td>{a.title}</Table.Td>
              <Table.Td>{new Date(a.startedAt).toLocaleString(i18n.language)}</Table.Td>
              <Table.Td>{a.percent === null ? '—' : `${a.percent}%`}</Table.Td>
              <Table.Td>
                {delta === null ? '—' : `${delta > 0 ? '+' : ''}${Math.round(delta * 10) / 10}`}
              </Table.Td>
              <Table.Td>
                {a.status === 'running' ? (
                  <Badge color="blue">{t('exam.inProgress')}</Badge>
                ) : (
                  <Badge color={a.passed ? 'green' : 'red'}>
                    {a.passed ? t('exam.passed') : t('exam.failed')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  component={Link}
                  size="xs"
                  variant="light"
                  to={
                    a.status === 'running'
                      ? `/exam-attempts/${a.id}`
                      : `/exam-attempts/${a.id}/report`
                  }
                >
                  {a.status === 'running' ? t('exam.resume') : t('exam.report')}
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
