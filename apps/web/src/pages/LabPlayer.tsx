import type { GradeView, SessionView } from '@kubebelt/contract';
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Container,
  Group,
  Kbd,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useInterval } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  downloadKubeconfig,
  useCheck,
  useLab,
  useMySessions,
  useSessionAction,
  useStartSession,
  useStartStep,
} from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { Markdown } from '../components/Markdown';
import { SplitPane } from '../components/SplitPane';
import { StartProgress } from '../components/StartProgress';
import { TaskList } from '../components/TaskList';
import { Terminal, type TerminalHandle } from '../components/Terminal';
import { withAttempt } from './lab-grade';

/** Instructions and tasks beside the learner's terminal, graded live and on Check. */
export function LabPlayer() {
  const { labId = '' } = useParams();
  const { t } = useTranslation();
  const lab = useLab(labId);
  const sessions = useMySessions();
  const start = useStartSession(labId);
  const startStep = useStartStep(labId, start.isPending);
  const [session, setSession] = useState<SessionView>();
  const client = useQueryClient();

  useEffect(() => {
    const running = sessions.data?.find((s) => s.labId === labId && s.status === 'running');
    if (running && !session) setSession(running);
  }, [sessions.data, labId, session]);

  if (lab.isPending || sessions.isPending) return <Loader m="xl" />;
  if (lab.error) return <ErrorNotice error={lab.error} />;
  if (!session || session.status !== 'running') {
    return (
      <Container size="md" py="lg">
        <Stack>
          <Title order={1}>{lab.data.title}</Title>
          <Group gap="xs">
            <Badge variant="light">{t(`catalog.difficulty.${lab.data.difficulty}`)}</Badge>
            <Badge variant="light">
              {t('catalog.minutes', { count: lab.data.estimatedMinutes })}
            </Badge>
            {lab.data.troubleshooting && (
              <Badge color="orange">{t('catalog.troubleshooting')}</Badge>
            )}
          </Group>
          {session && session.status !== 'running' && <Alert color="gray">{t('lab.ended')}</Alert>}
          <Markdown text={lab.data.introduction} />
          {start.isPending ? (
            <StartProgress step={startStep.data?.step ?? 'cluster'} />
          ) : (
            <Group>
              <Button
                size="md"
                onClick={() =>
                  start.mutate(undefined, {
                    onSuccess: (s) => {
                      setSession(s);
                      void client.invalidateQueries({ queryKey: ['sessions'] });
                    },
                  })
                }
              >
                {session ? t('lab.restart') : t('lab.start')}
              </Button>
            </Group>
          )}
          <ErrorNotice error={start.error} />
        </Stack>
      </Container>
    );
  }
  return <RunningLab labId={labId} session={session} onSession={setSession} />;
}

function RunningLab({
  labId,
  session,
  onSession,
}: {
  labId: string;
  session: SessionView;
  onSession: (s: SessionView) => void;
}) {
  const { t } = useTranslation();
  const lab = useLab(labId);
  const check = useCheck(session.id);
  const reset = useSessionAction(session.id, 'reset');
  const end = useSessionAction(session.id, 'end');
  const [grade, setGrade] = useState<GradeView>();
  const [active, setActive] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'reset' | 'end' | null>(null);
  const [kubeconfigOpen, kubeconfig] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  // until the shell's first output (its prompt, or the scrollback on a resume)
  const [terminalReady, setTerminalReady] = useState(false);
  const terminal = useRef<TerminalHandle>(null);
  const [now, setNow] = useState(Date.now());
  const ticker = useInterval(() => setNow(Date.now()), 1000);
  useEffect(() => {
    ticker.start();
    return ticker.stop;
  }, [ticker]);
  const tasks = lab.data?.tasks ?? [];
  useEffect(() => {
    if (!active && tasks.length) setActive(tasks[0].id);
  }, [active, tasks]);

  const checkAll = (taskId?: string) =>
    check.mutate(taskId, { onSuccess: (attempt) => setGrade((g) => withAttempt(g, attempt)) });
  const nextTask = () => {
    const i = tasks.findIndex((x) => x.id === active);
    setActive(tasks[(i + 1) % tasks.length]?.id ?? null);
  };
  useHotkeys([
    ['mod+Enter', () => checkAll()],
    ['alt+N', nextTask],
    ['mod+shift+K', () => terminal.current?.focus()],
    ['shift+?', help.open],
  ]);

  if (!lab.data) return <Loader m="xl" />;
  const remaining = Math.max(0, new Date(session.expiresAt).getTime() - now);
  const minutes = Math.floor(remaining / 60_000);
  const seconds = Math.floor((remaining % 60_000) / 1000);

  const left = (
    <Stack p="md" gap="sm" className="lab-left">
      <Title order={2} size="h3">
        {lab.data.title}
      </Title>
      <Markdown text={lab.data.introduction} onRun={(code) => terminal.current?.type(code)} />
      <ErrorNotice error={check.error} />
      <TaskList
        lab={lab.data}
        grade={grade}
        active={active}
        onActive={setActive}
        onCheck={checkAll}
        checking={check.isPending}
        onRun={(code) => terminal.current?.type(code)}
      />
    </Stack>
  );
  return (
    <Box className="lab-player">
      <Group className="lab-toolbar" px="md" py={6} justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Button onClick={() => checkAll()} loading={check.isPending} data-testid="check-all">
            {t('lab.checkAll')}
          </Button>
          {grade && (
            <Badge size="lg" color={grade.passed ? 'green' : 'blue'} data-testid="score">
              {t('lab.score', { score: grade.score, max: grade.maxScore })} ·{' '}
              {grade.maxScore ? Math.round((100 * grade.score) / grade.maxScore) : 0}%
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <Text size="sm" c="dimmed" data-testid="timer">
            {t('lab.expires', { time: `${minutes}:${String(seconds).padStart(2, '0')}` })}
          </Text>
          <Button variant="default" size="xs" onClick={kubeconfig.open}>
            {t('lab.ownKubectl')}
          </Button>
          <Button variant="default" size="xs" onClick={() => setConfirm('reset')}>
            {t('lab.reset')}
          </Button>
          <Button variant="light" color="red" size="xs" onClick={() => setConfirm('end')}>
            {t('lab.end')}
          </Button>
          <Button variant="subtle" size="xs" onClick={help.open} aria-label={t('nav.help')}>
            ?
          </Button>
        </Group>
      </Group>
      <SplitPane
        left={left}
        right={
          <Box className="terminal-pane">
            <Terminal
              key={`${session.id}-${session.startedAt}`}
              ref={terminal}
              sessionId={session.id}
              onStatus={setGrade}
              onReady={() => setTerminalReady(true)}
              onEnded={() => onSession({ ...session, status: 'ended' })}
            />
            {!terminalReady && (
              <Paper className="terminal-starting" p="md" shadow="md">
                <StartProgress step="terminal" />
              </Paper>
            )}
          </Box>
        }
      />
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === 'reset' ? t('lab.reset') : t('lab.end')}
      >
        <Text mb="md">{confirm === 'reset' ? t('lab.resetConfirm') : t('lab.endConfirm')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirm(null)}>
            {t('lab.cancel')}
          </Button>
          <Button
            color={confirm === 'end' ? 'red' : 'blue'}
            loading={reset.isPending || end.isPending}
            onClick={() => {
              const action = confirm === 'reset' ? reset : end;
              action.mutate(undefined, {
                onSuccess: (s) => {
                  setConfirm(null);
                  setGrade(undefined);
                  onSession(s);
                },
              });
            }}
          >
            {t('lab.confirm')}
          </Button>
        </Group>
      </Modal>
      <Modal opened={kubeconfigOpen} onClose={kubeconfig.close} title={t('lab.ownKubectl')}>
        <Text mb="md">{t('lab.ownKubectlText')}</Text>
        <Button
          onClick={async () => {
            const text = await downloadKubeconfig(session.id);
            const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
            const a = document.createElement('a');
            a.href = url;
            a.download = 'kubeconfig';
            a.click();
            URL.revokeObjectURL(url);
          }}
        >
          {t('lab.download')}
        </Button>
      </Modal>
      <Modal opened={helpOpen} onClose={help.close} title={t('shortcuts.title')}>
        <Table>
          <Table.Tbody>
            {[
              [['Ctrl', 'Enter'], t('shortcuts.check')],
              [['Alt', 'N'], t('shortcuts.next')],
              [['Ctrl', 'Shift', 'K'], t('shortcuts.terminal')],
              [['?'], t('shortcuts.help')],
            ].map(([keys, label]) => (
              <Table.Tr key={String(label)}>
                <Table.Td>
                  {(keys as string[]).map((k) => (
                    <Kbd key={k} mr={4}>
                      {k}
                    </Kbd>
                  ))}
                </Table.Td>
                <Table.Td>{label as string}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Code block mt="md">
          kubectl get pods -A
        </Code>
      </Modal>
    </Box>
  );
}
