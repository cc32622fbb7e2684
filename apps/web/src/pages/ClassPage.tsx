import type { AssignmentStats, AssignmentView, ClassView } from '@kubebelt/contract';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  Container,
  CopyButton,
  Drawer,
  Group,
  Loader,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  useAddMembers,
  useAllLabs,
  useAssign,
  useClass,
  useClassDashboard,
  useLearnerHistory,
  useRemoveMember,
  useUnassign,
} from '../api/class-hooks';
import { useExams } from '../api/exam-hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { LearnerSessions } from '../components/LearnerSessions';

/** One class: its instructor manages and watches it; a learner sees what is assigned. */
export function ClassPage() {
  const { classId = '' } = useParams();
  const { t } = useTranslation();
  const cls = useClass(classId);
  const manages = cls.data?.inviteCode != null;
  const dashboard = useClassDashboard(classId, manages);
  const [learner, setLearner] = useState<string | null>(null);

  if (cls.isPending) return <Loader m="xl" />;
  if (cls.error) return <ErrorNotice error={cls.error} />;
  const names = new Map(cls.data.memberList.map((m) => [m.accountId, m.name || m.email]));
  return (
    <Container size="xl" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={1}>{cls.data.name}</Title>
          <Button component={Link} to="/classes" variant="subtle">
            {t('classes.all')}
          </Button>
        </Group>
        {!manages ? (
          <LearnerAssignments assignments={cls.data.assignmentList} />
        ) : (
          <>
            <Title order={2} size="h3">
              {t('classes.dashboard')}
            </Title>
            <ErrorNotice error={dashboard.error} />
            {dashboard.data?.assignments.length === 0 && (
              <Text c="dimmed">{t('classes.noAssignments')}</Text>
            )}
            {dashboard.data?.assignments.map((stats) => (
              <AssignmentStatsCard
                key={stats.assignment.id}
                stats={stats}
                nameOf={(id) => names.get(id) ?? id}
              />
            ))}
            <SimpleGrid cols={{ base: 1, md: 2 }} mt="lg">
              <Stack>
                <InviteCard code={cls.data.inviteCode ?? ''} />
                <AddMembersCard classId={classId} />
              </Stack>
              <Stack>
                <AssignmentsCard cls={cls.data} />
                <MembersCard cls={cls.data} onOpen={setLearner} />
              </Stack>
            </SimpleGrid>
          </>
        )}
      </Stack>
      <HistoryDrawer classId={classId} accountId={learner} onClose={() => setLearner(null)} />
    </Container>
  );
}

function itemLink(a: AssignmentView) {
  return a.kind === 'lab' ? `/labs/${a.itemId}` : '/exams';
}

function LearnerAssignments({ assignments }: { assignments: AssignmentView[] }) {
  const { t, i18n } = useTranslation();
  if (assignments.length === 0) return <Text c="dimmed">{t('classes.noAssignments')}</Text>;
  return (
    <Table striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('classes.assignment')}</Table.Th>
          <Table.Th>{t('classes.due')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {assignments.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Badge variant="light" mr="xs">
                {t(`classes.kind.${a.kind}`)}
              </Badge>
              {a.title}
            </Table.Td>
            <Table.Td>
              {a.dueAt ? new Date(a.dueAt).toLocaleString(i18n.language) : t('classes.noDue')}
            </Table.Td>
            <Table.Td>
              <Button component={Link} to={itemLink(a)} size="xs" variant="light">
                {t('classes.go')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One assignment's figures: completion, score bands, median time, who is on it now, failed checks. */
export function AssignmentStatsCard({
  stats,
  nameOf,
}: {
  stats: AssignmentStats;
  nameOf: (accountId: string) => string;
}) {
  const { t } = useTranslation();
  const bandMax = Math.max(1, ...stats.scoreBands);
  return (
    <Card withBorder padding="lg" component="section" aria-label={stats.assignment.title}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Badge variant="light">{t(`classes.kind.${stats.assignment.kind}`)}</Badge>
            <Title order={3} size="h4">
              {stats.assignment.title}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('classes.startedCompleted', {
              started: stats.started,
              completed: stats.completed,
              members: stats.members,
            })}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Progress
            value={stats.completionPercent}
            size="lg"
            style={{ flex: 1 }}
            aria-label={t('classes.completion')}
          />
          <Text size="sm" fw={600}>
            {t('classes.completionPercent', { percent: Math.round(stats.completionPercent) })}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('classes.scoreBands')}
            </Text>
            {stats.scoreBands.map((count, i) => (
              <Group key={BANDS[i]} gap="xs" wrap="nowrap">
                <Text size="xs" w={64} c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {BANDS[i]}
                </Text>
                <Progress value={(count / bandMax) * 100} color="teal" style={{ flex: 1 }} />
                <Text size="xs" w={20}>
                  {count}
                </Text>
              </Group>
            ))}
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('classes.medianTime')}
            </Text>
            <Text size="lg">
              {stats.medianMinutesToComplete === null
                ? '—'
                : t('classes.minutes', { count: Math.round(stats.medianMinutesToComplete) })}
            </Text>
            <Text size="sm" fw={600} mt="sm">
              {t('classes.activeNow', { count: stats.activeNow.length })}
            </Text>
            <Group gap={4}>
              {stats.activeNow.map((id) => (
                <Badge key={id} color="green" variant="dot">
                  {nameOf(id)}
                </Badge>
              ))}
            </Group>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('classes.failedChecks')}
            </Text>
            <CheckFailureTable failures={stats.checkFailures} />
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

const BANDS = ['0–19 %', '20–39 %', '40–59 %', '60–79 %', '80–100 %'];

/** The most failed checks first, as "62 % fail check scale/replicas" with the counts behind it. */
export function CheckFailureTable({
  failures,
  limit = 5,
}: {
  failures: AssignmentStats['checkFailures'];
  limit?: number;
}) {
  const { t } = useTranslation();
  const failing = failures.filter((f) => f.failed > 0).slice(0, limit);
  if (failing.length === 0) return <Text c="dimmed">{t('classes.noFailures')}</Text>;
  return (
    <Table withTableBorder>
      <Table.Tbody>
        {failing.map((f) => (
          <Table.Tr key={`${f.taskId}/${f.checkId}`}>
            <Table.Td>
              <Text size="sm">
                {t('classes.failRate', {
                  percent: Math.round(f.percent),
                  check: `${f.taskId}/${f.checkId}`,
                })}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {t('classes.failedOf', { failed: f.failed, graded: f.graded })}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function InviteCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const instruction = t('classes.joinInstruction', { code, url: `${location.origin}/classes` });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('classes.inviteCode')}
        </Title>
        <Code fz="lg">{code}</Code>
        <Text size="sm">{instruction}</Text>
        <CopyButton value={instruction}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} w="fit-content">
              {copied ? t('classes.copied') : t('classes.copy')}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Card>
  );
}

function AddMembersCard({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const add = useAddMembers(classId);
  const [emails, setEmails] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(emails, { onSuccess: () => setEmails('') });
  };
  const result = add.data;
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('classes.addLearners')}
        </Title>
        <Textarea
          label={t('classes.emails')}
          description={t('classes.emailsHint')}
          value={emails}
          onChange={(e) => setEmails(e.currentTarget.value)}
          autosize
          minRows={3}
          maxRows={10}
        />
        <ErrorNotice error={add.error} />
        <Group>
          <Button type="submit" loading={add.isPending} disabled={!emails.trim()}>
            {t('classes.add')}
          </Button>
        </Group>
        {result && (
          <Stack gap={4} role="status">
            <Text size="sm">{t('classes.added', { count: result.added.length })}</Text>
            {result.already.length > 0 && (
              <Text size="sm">{t('classes.already', { emails: result.already.join(', ') })}</Text>
            )}
            {result.invalid.length > 0 && (
              <Text size="sm" c="red">
                {t('classes.invalid', { emails: result.invalid.join(', ') })}
              </Text>
            )}
            {result.invited.length > 0 && (
              <>
                <Text size="sm">{t('classes.invited')}</Text>
                {result.invited.map((i) => (
                  <Group key={i.email} gap="xs" wrap="nowrap">
                    <Text size="sm">{i.email}</Text>
                    <Code style={{ overflowWrap: 'anywhere' }}>
                      {`${location.origin}/register?invitation=${i.token}`}
                    </Code>
                  </Group>
                ))}
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function AssignmentsCard({ cls }: { cls: ClassView }) {
  const { t, i18n } = useTranslation();
  const assign = useAssign(cls.id);
  const unassign = useUnassign(cls.id);
  const labs = useAllLabs();
  const exams = useExams();
  const [kind, setKind] = useState<'lab' | 'exam'>('lab');
  const [itemId, setItemId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const items = (kind === 'lab' ? labs.data : exams.data) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!itemId) return;
    const dueAt = due ? new Date(due).toISOString() : null;
    assign.mutate({ kind, itemId, dueAt }, { onSuccess: () => setItemId(null) });
  };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('classes.assignments')}
        </Title>
        {cls.assignmentList.length > 0 && (
          <Table>
            <Table.Tbody>
              {cls.assignmentList.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Badge variant="light" mr="xs">
                      {t(`classes.kind.${a.kind}`)}
                    </Badge>
                    {a.title}
                  </Table.Td>
                  <Table.Td>
                    {a.dueAt ? new Date(a.dueAt).toLocaleString(i18n.language) : t('classes.noDue')}
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('classes.unassign', { title: a.title })}
                      onClick={() => unassign.mutate(a.id)}
                    >
                      ✕
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={submit}>
          <Stack gap="xs">
            <SegmentedControl
              value={kind}
              onChange={(v) => {
                setKind(v as 'lab' | 'exam');
                setItemId(null);
              }}
              data={[
                { value: 'lab', label: t('classes.kind.lab') },
                { value: 'exam', label: t('classes.kind.exam') },
              ]}
              w="fit-content"
            />
            <Select
              label={t('classes.item')}
              searchable
              value={itemId}
              onChange={setItemId}
              data={items.map((i) => ({ value: i.id, label: i.title }))}
            />
            <TextInput
              type="datetime-local"
              label={t('classes.dueOptional')}
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
            />
            <ErrorNotice error={assign.error ?? unassign.error} />
            <Group>
              <Button type="submit" loading={assign.isPending} disabled={!itemId}>
                {t('classes.assign')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function MembersCard({ cls, onOpen }: { cls: ClassView; onOpen: (accountId: string) => void }) {
  const { t } = useTranslation();
  const remove = useRemoveMember(cls.id);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('classes.members', { count: cls.memberList.length })}
        </Title>
        <ErrorNotice error={remove.error} />
        {cls.memberList.length === 0 ? (
          <Text c="dimmed">{t('classes.noMembers')}</Text>
        ) : (
          <Table>
            <Table.Tbody>
              {cls.memberList.map((m) => (
                <Table.Tr key={m.accountId}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => onOpen(m.accountId)}>
                      {m.name || m.email}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('classes.remove', { name: m.name || m.email })}
                      onClick={() => remove.mutate(m.accountId)}
                    >
                      ✕
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function HistoryDrawer({
  classId,
  accountId,
  onClose,
}: {
  classId: string;
  accountId: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const history = useLearnerHistory(classId, accountId);
  const when = (at: string) => new Date(at).toLocaleString(i18n.language);
  return (
    <Drawer
      opened={accountId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={history.data ? `${history.data.name} (${history.data.email})` : t('classes.history')}
    >
      {history.isPending ? (
        <Loader />
      ) : history.error ? (
        <ErrorNotice error={history.error} />
      ) : (
        <Stack>
          <Title order={3} size="h5">
            {t('classes.labGradings')}
          </Title>
          {history.data.labAttempts.length === 0 ? (
            <Text c="dimmed">{t('classes.nothingYet')}</Text>
          ) : (
            <Table striped>
              <Table.Tbody>
                {history.data.labAttempts.map((a) => (
                  <Table.Tr key={`${a.sessionId}-${a.at}-${a.taskId}`}>
                    <Table.Td>{a.labId}</Table.Td>
                    <Table.Td>{a.taskId ?? t('classes.allTasks')}</Table.Td>
                    <Table.Td>{`${a.score}/${a.maxScore}`}</Table.Td>
                    <Table.Td>{when(a.at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={3} size="h5">
            {t('classes.examAttempts')}
          </Title>
          {history.data.examAttempts.length === 0 ? (
            <Text c="dimmed">{t('classes.nothingYet')}</Text>
          ) : (
            <Table striped>
              <Table.Tbody>
                {history.data.examAttempts.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.examId}</Table.Td>
                    <Table.Td>{a.percent === null ? '—' : `${a.percent}%`}</Table.Td>
                    <Table.Td>
                      {a.status === 'running' ? (
                        <Badge color="blue">{t('exam.inProgress')}</Badge>
                      ) : (
                        <Badge color={a.passed ? 'green' : 'red'}>
                          {a.passed ? t('exam.passed') : t('exam.failed')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{when(a.startedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={3} size="h5">
            {t('classes.sessions')}
          </Title>
          {accountId && (
            <LearnerSessions
              classId={classId}
              accountId={accountId}
              sessions={history.data.sessions}
            />
          )}
        </Stack>
      )}
    </Drawer>
  );
}
