import type { ExamReport } from '@kubebelt/contract';
import {
  Accordion,
  Badge,
  Button,
  Card,
  Code,
  Container,
  Group,
  Loader,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useExamReport } from '../api/exam-hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { Markdown } from '../components/Markdown';
import { QuizQuestion } from '../components/QuizQuestion';
import { formatDuration } from './ExamPage';

/** The score report: total and verdict, per task and check what was expected and found, the solutions. Printable. */
export function ExamReportPage() {
  const { attemptId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const report = useExamReport(attemptId);
  if (report.isPending) return <Loader m="xl" />;
  if (report.error) return <ErrorNotice error={report.error} />;
  const r = report.data;
  return (
    <Container size="lg" py="lg" className="exam-report">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={1}>{t('exam.reportTitle', { title: r.title })}</Title>
            <Text c="dimmed">
              {r.candidate} · {new Date(r.submittedAt).toLocaleString(i18n.language)}
            </Text>
          </Stack>
          <Group className="no-print">
            <Button variant="default" component={Link} to={`/exam-attempts/${r.attemptId}`}>
              {t('exam.review')}
            </Button>
            <Button variant="default" component={Link} to="/exams">
              {t('exam.allExams')}
            </Button>
            <Button onClick={() => window.print()}>{t('exam.print')}</Button>
            <Button component="a" href={`/api/exam-attempts/${r.attemptId}/report.pdf`} download>
              {t('exam.pdf')}
            </Button>
          </Group>
        </Group>
        <Card withBorder>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Text size="sm" c="dimmed">
                {t('exam.score')}
              </Text>
              <Text fz={36} fw={800} data-testid="exam-percent">
                {r.percent}%
              </Text>
              <Text size="sm">{t('exam.scoreOf', { score: r.score, max: r.maxScore })}</Text>
            </Stack>
            <Badge size="xl" color={r.passed ? 'green' : 'red'}>
              {r.passed ? t('exam.passed') : t('exam.failed')}
            </Badge>
            <Stack gap={2}>
              <Text size="sm">{t('exam.passMark', { percent: r.passPercent })}</Text>
              <Text size="sm">
                {t('exam.timeUsed', {
                  used: formatDuration(r.timeUsedSeconds),
                  total: formatDuration(r.durationMinutes * 60),
                })}
              </Text>
              <Text size="sm">
                {r.submittedBy === 'timeout' ? t('exam.byTimeout') : t('exam.byCandidate')}
              </Text>
            </Stack>
          </Group>
          <Progress
            mt="md"
            value={r.percent}
            color={r.passed ? 'green' : 'red'}
            aria-label={t('exam.score')}
          />
        </Card>
        <Title order={2} size="h3">
          {t('exam.tasks', { count: r.tasks.length })}
        </Title>
        <TaskSummary report={r} />
        <Accordion
          multiple
          variant="separated"
          className="screen-only"
          defaultValue={r.tasks.filter((x) => !x.passed).map((x) => x.id)}
        >
          {r.tasks.map((task, i) => (
            <Accordion.Item key={task.id} value={task.id}>
              <Accordion.Control>
                <TaskHeading task={task} number={i + 1} />
              </Accordion.Control>
              <Accordion.Panel>
                <TaskResult task={task} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
        {/* on paper every task is open */}
        <Stack className="print-only">
          {r.tasks.map((task, i) => (
            <Card key={task.id} withBorder className="report-task">
              <TaskHeading task={task} number={i + 1} />
              <TaskResult task={task} />
            </Card>
          ))}
        </Stack>
        {r.questions.length > 0 && (
          <>
            <Title order={2} size="h3">
              {t('exam.questions', { count: r.questions.length })}
            </Title>
            {r.questions.map((q, i) => (
              <QuizQuestion
                key={q.id}
                question={q}
                number={i + 1}
                chosen={q.choices.filter((c) => c.chosen).map((c) => c.id)}
                onChange={() => {}}
                graded={{
                  id: q.id,
                  correct: q.passed,
                  chosen: q.choices.filter((c) => c.chosen).map((c) => c.id),
                  answer: q.choices.filter((c) => c.correct).map((c) => c.id),
                  explanation: q.explanation,
                }}
              />
            ))}
          </>
        )}
      </Stack>
    </Container>
  );
}

type ReportTask = ExamReport['tasks'][number];

function TaskHeading({ task, number }: { task: ReportTask; number: number }) {
  return (
    <Group justify="space-between" wrap="nowrap" pr="sm">
      <Text fw={600}>
        {number}. {task.title}
      </Text>
      <Badge color={task.passed ? 'green' : task.score > 0 ? 'yellow' : 'red'}>
        {task.score} / {task.maxScore}
      </Badge>
    </Group>
  );
}

/** One task's instructions, each check with what the grader found, and the solution. */
function TaskResult({ task }: { task: ReportTask }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" mt="xs">
      <Text size="sm" c="dimmed">
        {t('exam.contextOf', { cluster: task.cluster })}
        {task.flagged ? ` · ${t('exam.flagged')}` : ''}
      </Text>
      <Markdown text={task.instructions} />
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exam.check')}</Table.Th>
            <Table.Th>{t('exam.found')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {task.checks.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Badge color={c.passed ? 'green' : 'red'} mr="xs">
                  {c.passed ? '✓' : '✗'}
                </Badge>
                {c.description ?? c.id}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.message}</Text>
                {c.diagnosis && (
                  <Text size="sm" c="dimmed">
                    {c.diagnosis}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} size="sm">
        {t('exam.solution')}
      </Text>
      <Code block>{task.solution}</Code>
    </Stack>
  );
}

function TaskSummary({ report }: { report: ExamReport }) {
  const { t } = useTranslation();
  return (
    <Table striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>{t('exam.task')}</Table.Th>
          <Table.Th>{t('exam.cluster')}</Table.Th>
          <Table.Th>{t('exam.score')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.tasks.map((task, i) => (
          <Table.Tr key={task.id}>
            <Table.Td>{i + 1}</Table.Td>
            <Table.Td>{task.title}</Table.Td>
            <Table.Td>
              <Code>{task.cluster}</Code>
            </Table.Td>
            <Table.Td>
              {task.score} / {task.maxScore}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
