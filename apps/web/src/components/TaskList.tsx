import type { GradeView, LabView } from '@kubebelt/contract';
import { Accordion, Alert, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from './Markdown';

interface Props {
  lab: LabView;
  grade?: GradeView;
  active: string | null;
  onActive: (taskId: string | null) => void;
  onCheck: (taskId?: string) => void;
  checking: boolean;
  onRun: (code: string) => void;
}

/** The lab's tasks: instructions, live pass/fail from the grader, per-check messages, hints one at a time. */
export function TaskList({ lab, grade, active, onActive, onCheck, checking, onRun }: Props) {
  const { t } = useTranslation();
  const [hintsShown, setHintsShown] = useState<Record<string, number>>({});
  return (
    // a list of tasks for assistive technology (what getByRole('list') finds), an accordion to the eye
    <Accordion
      value={active}
      onChange={onActive}
      variant="separated"
      className="tasks"
      role="list"
      aria-label={t('lab.tasks')}
    >
      {lab.tasks.map((task, index) => {
        const result = grade?.tasks.find((r) => r.id === task.id);
        const shown = hintsShown[task.id] ?? 0;
        return (
          <Accordion.Item
            key={task.id}
            value={task.id}
            role="listitem"
            data-testid={`task-${task.id}`}
            data-passed={result?.passed ? 'true' : 'false'}
          >
            <Accordion.Control>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>
                  {index + 1}. {task.title}
                </Text>
                {result && (
                  <Badge
                    color={result.passed ? 'green' : 'gray'}
                    variant={result.passed ? 'filled' : 'light'}
                  >
                    {result.passed ? `✓ ${t('lab.passed')}` : t('lab.notPassed')}
                  </Badge>
                )}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Markdown text={task.instructions} onRun={onRun} />
                {result?.blockedBy && (
                  <Alert color="yellow">
                    {t('lab.blocked', { tasks: result.blockedBy.join(', ') })}
                  </Alert>
                )}
                {result && (
                  <List spacing={6} size="sm" className="checks">
                    {result.checks.map((check) => (
                      <List.Item
                        key={check.id}
                        icon={
                          <span
                            className={check.passed ? 'ok' : 'ko'}
                            role="img"
                            aria-label={check.passed ? t('lab.checkPassed') : t('lab.checkFailed')}
                          >
                            {check.passed ? '✓' : '✗'}
                          </span>
                        }
                      >
                        <Text size="sm">{check.message}</Text>
                        {check.diagnosis && (
                          <Text size="sm" c="orange.8">
                            {t('lab.why')}: {check.diagnosis}
                          </Text>
                        )}
                      </List.Item>
                    ))}
                  </List>
                )}
                {task.hints.slice(0, shown).map((hint, i) => (
                  <Alert key={hint} color="blue" title={t('lab.hint', { n: i + 1 })}>
                    <Markdown text={hint} />
                  </Alert>
                ))}
                <Group>
                  <Button
                    onClick={() => onCheck(task.id)}
                    loading={checking}
                    data-testid={`check-${task.id}`}
                  >
                    {t('lab.check')}
                  </Button>
                  <Button
                    variant="subtle"
                    disabled={shown >= task.hints.length}
                    onClick={() => setHintsShown({ ...hintsShown, [task.id]: shown + 1 })}
                  >
                    {shown >= task.hints.length ? t('lab.noMoreHints') : t('lab.showHint')}
                  </Button>
                </Group>
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
