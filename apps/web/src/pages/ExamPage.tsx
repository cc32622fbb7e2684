import type { ExamAttemptView } from '@kubebelt/contract';
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedCallback, useInterval } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  useAnswerQuestions,
  useExamAttempt,
  useFlagTask,
  useSaveNotes,
  useSubmitExam,
} from '../api/exam-hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { Markdown } from '../components/Markdown';
import { QuizQuestion } from '../components/QuizQuestion';
import { SplitPane } from '../components/SplitPane';
import { Terminal, type TerminalHandle } from '../components/Terminal';

/** The time left by the server's clock: the offset to this browser's clock is measured at each fetch. */
function useRemaining(attempt: ExamAttemptView | undefined, fetchedAt: number): number {
  const [now, setNow] = useState(Date.now());
  const ticker = useInterval(() => setNow(Date.now()), 1000);
  useEffect(() => {
    ticker.start();
    return ticker.stop;
  }, [ticker]);
  if (!attempt || attempt.status !== 'running') return 0;
  const offset = Date.parse(attempt.serverTime) - fetchedAt;
  return Math.max(0, Math.floor((Date.parse(attempt.endsAt) - (now + offset)) / 1000));
}

export function formatDuration(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** An exam attempt: countdown, weighted tasks with their context, flags, notes, questions, the terminal. No Check. */
export function ExamPage() {
  const { attemptId = '' } = useParams();
  const { t } = useTranslation();
  const attempt = useExamAttempt(attemptId);
  const remaining = useRemaining(attempt.data, attempt.dataUpdatedAt);
  const submit = useSubmitExam(attemptId);
  const [confirm, setConfirm] = useState(false);
  const [active, setActive] = useState<string | null>(null);
  const terminal = useRef<TerminalHandle>(null);
  const running = attempt.data?.status === 'running';

  // the time is up: the server submits the attempt; ask until it says so
  useEffect(() => {
    if (!running || remaining > 0) return;
    const timer = setInterval(() => void attempt.refetch(), 2000);
    return () => clearInterval(timer);
  }, [running, remaining, attempt]);
  useEffect(() => {
    if (!active && attempt.data?.tasks.length) setActive(attempt.data.tasks[0].id);
  }, [active, attempt.data]);

  if (attempt.isPending) return <Loader m="xl" />;
  if (attempt.error) return <ErrorNotice error={attempt.error} />;
  const exam = attempt.data;
  const task = exam.tasks.find((x) => x.id === active) ?? exam.tasks[0];
  const points = exam.tasks.reduce((n, x) => n + x.weight, 0);

  const left = (
    <Stack p="md" gap="sm" className="lab-left">
      {!running && (
        <Alert color={exam.passed ? 'green' : 'orange'} title={t('exam.submittedTitle')}>
          <Stack gap="xs">
            <Text>
              {exam.submittedBy === 'timeout' ? t('exam.timedOut') : t('exam.submittedText')}{' '}
              {t('exam.yourScore', { percent: exam.percent ?? 0 })}
            </Text>
            {exam.reviewUntil && (
              <Text size="sm">
                {t('exam.reviewUntil', { time: new Date(exam.reviewUntil).toLocaleString() })}
              </Text>
            )}
            <Group>
              <Button component={Link} to={`/exam-attempts/${exam.id}/report`}>
                {t('exam.report')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Tabs defaultValue="tasks" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tasks">{t('exam.tasks', { count: exam.tasks.length })}</Tabs.Tab>
          {exam.questions.length > 0 && (
            <Tabs.Tab value="questions">
              {t('exam.questions', { count: exam.questions.length })}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="notes">{t('exam.notes')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tasks" pt="sm">
          <Stack gap="sm">
            {exam.introduction && <Markdown text={exam.introduction} />}
            <Box component="ol" className="exam-task-nav" aria-label={t('exam.taskList')}>
              {exam.tasks.map((x, i) => (
                <li key={x.id}>
                  <UnstyledButton
                    className="exam-task-link"
                    data-active={x.id === task?.id || undefined}
                    aria-current={x.id === task?.id ? 'step' : undefined}
                    onClick={() => setActive(x.id)}
                  >
                    <Text span fw={600}>
                      {i + 1}.
                    </Text>{' '}
                    {x.title}{' '}
                    <Text span size="xs" c="dimmed">
                      {t('exam.points', { count: x.weight })}
                    </Text>
                    {x.flagged && (
                      <Badge size="xs" color="orange" ml={6}>
                        {t('exam.flagged')}
                      </Badge>
                    )}
                  </UnstyledButton>
                </li>
              ))}
            </Box>
            <Text size="xs" c="dimmed">
              {t('exam.totalPoints', { count: points })}
            </Text>
            {task && (
              <TaskDetail
                attempt={exam}
                taskId={task.id}
                number={exam.tasks.indexOf(task) + 1}
                onRun={(code) => terminal.current?.type(code)}
              />
            )}
          </Stack>
        </Tabs.Panel>
        {exam.questions.length > 0 && (
          <Tabs.Panel value="questions" pt="sm">
            <Questions attempt={exam} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="notes" pt="sm">
          <NotesPad attempt={exam} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );

  return (
    <Box className="lab-player">
      <Group className="lab-toolbar" px="md" py={6} justify="space-between" wrap="wrap">
        <Title order={1} size="h4">
          {exam.title}
        </Title>
        <Group gap="sm">
          {running && (
            <Text
              fw={700}
              ff="monospace"
              size="lg"
              role="timer"
              aria-label={t('exam.timeLeft')}
              c={remaining < 300 ? 'red' : undefined}
              data-testid="exam-timer"
            >
              {formatDuration(remaining)}
            </Text>
          )}
          {running && (
            <Button color="red" onClick={() => setConfirm(true)}>
              {t('exam.submit')}
            </Button>
          )}
        </Group>
      </Group>
      <SplitPane
        left={left}
        right={
          exam.sessionId ? (
            <Box className="terminal-pane">
              <Terminal key={exam.sessionId} ref={terminal} sessionId={exam.sessionId} />
            </Box>
          ) : (
            <Text p="md" c="dimmed">
              {t('exam.environmentGone')}
            </Text>
          )
        }
      />
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('exam.submit')}>
        <Stack>
          <Text>{t('exam.submitConfirm')}</Text>
          {exam.tasks.some((x) => x.flagged) && (
            <Alert color="orange">
              {t('exam.flaggedLeft', { count: exam.tasks.filter((x) => x.flagged).length })}
            </Alert>
          )}
          <ErrorNotice error={submit.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('lab.cancel')}
            </Button>
            <Button
              color="red"
              loading={submit.isPending}
              onClick={() => submit.mutate(undefined, { onSuccess: () => setConfirm(false) })}
            >
              {t('exam.submitNow')}
            </Button>
          </Group>
          {submit.isPending && (
            <Text size="sm" c="dimmed" role="status">
              {t('exam.grading')}
            </Text>
          )}
        </Stack>
      </Modal>
    </Box>
  );
}

function TaskDetail({
  attempt,
  taskId,
  number,
  onRun,
}: {
  attempt: ExamAttemptView;
  taskId: string;
  number: number;
  onRun: (code: string) => void;
}) {
  const { t } = useTranslation();
  const flag = useFlagTask(attempt.id);
  const task = attempt.tasks.find((x) => x.id === taskId);
  if (!task) return null;
  const useContext = `kubectl config use-context ${task.cluster}`;
  return (
    <Box component="section" aria-label={task.title} className="exam-task">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Title order={2} size="h4">
          {t('exam.taskHeading', { number, title: task.title })}
        </Title>
        <Badge variant="light">{t('exam.points', { count: task.weight })}</Badge>
      </Group>
      <Text size="sm" mt="xs">
        {t('exam.context')}
      </Text>
      <Group gap="xs" mb="sm">
        <Code>{useContext}</Code>
        <Button size="compact-xs" variant="light" onClick={() => onRun(useContext)}>
          {t('exam.runContext')}
        </Button>
      </Group>
      <Markdown text={task.instructions} onRun={onRun} />
      {attempt.status === 'running' && (
        <Button
          mt="sm"
          size="xs"
          variant={task.flagged ? 'filled' : 'outline'}
          color="orange"
          aria-pressed={task.flagged}
          loading={flag.isPending}
          onClick={() => flag.mutate({ taskId: task.id, flagged: !task.flagged })}
        >
          {task.flagged ? t('exam.unflag') : t('exam.flag')}
        </Button>
      )}
      <ErrorNotice error={flag.error} />
    </Box>
  );
}

function Questions({ attempt }: { attempt: ExamAttemptView }) {
  const answer = useAnswerQuestions(attempt.id);
  const [chosen, setChosen] = useState<Record<string, string[]>>(attempt.answers);
  return (
    <Stack>
      {attempt.questions.map((q, i) => (
        <QuizQuestion
          key={q.id}
          question={q}
          number={i + 1}
          chosen={chosen[q.id] ?? []}
          onChange={(ids) => {
            if (attempt.status !== 'running') return;
            setChosen((c) => ({ ...c, [q.id]: ids }));
            answer.mutate({ [q.id]: ids });
          }}
        />
      ))}
      <ErrorNotice error={answer.error} />
    </Stack>
  );
}

function NotesPad({ attempt }: { attempt: ExamAttemptView }) {
  const { t } = useTranslation();
  const save = useSaveNotes(attempt.id);
  const [notes, setNotes] = useState(attempt.notes);
  const saveLater = useDebouncedCallback((text: string) => save.mutate(text), 800);
  return (
    <Stack gap="xs">
      <Textarea
        label={t('exam.notes')}
        description={t('exam.notesHelp')}
        autosize
        minRows={8}
        value={notes}
        readOnly={attempt.status !== 'running'}
        onChange={(e) => {
          setNotes(e.currentTarget.value);
          saveLater(e.currentTarget.value);
        }}
      />
      <Text size="xs" c="dimmed" role="status">
        {save.isPending ? t('exam.saving') : save.isSuccess ? t('exam.saved') : ''}
      </Text>
      <ErrorNotice error={save.error} />
    </Stack>
  );
}
