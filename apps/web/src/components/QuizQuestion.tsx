import type { QuizResult, QuizView } from '@kubebelt/contract';
import { Alert, Badge, Box, Card, Checkbox, Group, Radio, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineMarkdown, Markdown } from './Markdown';

type Question = QuizView['questions'][number];
type Graded = QuizResult['questions'][number];

/** How a choice reads once graded: the right ones, and the learner's wrong picks. */
type ChoiceState = 'correct' | 'missed' | 'wrong' | 'other';

function stateOf(choiceId: string, graded: Graded): ChoiceState {
  const right = graded.answer.includes(choiceId);
  const chosen = graded.chosen.includes(choiceId);
  if (right) return chosen ? 'correct' : 'missed';
  return chosen ? 'wrong' : 'other';
}

interface Props {
  question: Question;
  number: number;
  chosen: string[];
  onChange: (chosen: string[]) => void;
  /** The server's verdict: the choices are then marked and the explanation shown. */
  graded?: Graded;
}

/** One quiz question: its choices, then (once answered) the right answer, the learner's wrong picks and why. */
export function QuizQuestion({ question, number, chosen, onChange, graded }: Props) {
  const { t } = useTranslation();
  const label = (choice: Question['choices'][number]): ReactNode => {
    const state = graded ? stateOf(choice.id, graded) : 'other';
    return (
      <Group gap="xs" wrap="nowrap">
        <InlineMarkdown text={choice.text} />
        {state === 'correct' && (
          <Badge size="sm" color="green">
            ✓ {t('quiz.yourRightChoice')}
          </Badge>
        )}
        {state === 'missed' && (
          <Badge size="sm" color="green" variant="outline">
            ✓ {t('quiz.rightChoice')}
          </Badge>
        )}
        {state === 'wrong' && (
          <Badge size="sm" color="red">
            ✗ {t('quiz.yourWrongChoice')}
          </Badge>
        )}
      </Group>
    );
  };
  const choiceBox = (choice: Question['choices'][number], input: ReactNode) => (
    <Box
      key={choice.id}
      className="quiz-choice"
      data-testid={`choice-${choice.id}`}
      data-state={graded ? stateOf(choice.id, graded) : undefined}
    >
      {input}
    </Box>
  );
  return (
    <Card withBorder data-testid={`question-${question.id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} className="markdown">
          {number}. <InlineMarkdown text={question.prompt} />
        </Text>
        {graded && (
          <Badge color={graded.correct ? 'green' : 'red'} style={{ flexShrink: 0 }}>
            {graded.correct ? t('quiz.correct') : t('quiz.wrong')}
          </Badge>
        )}
      </Group>
      {question.type === 'single' ? (
        <Radio.Group value={chosen[0] ?? null} onChange={(v) => onChange([v])}>
          <Stack gap={4}>
            {question.choices.map((c) =>
              choiceBox(c, <Radio value={c.id} label={label(c)} disabled={!!graded} />),
            )}
          </Stack>
        </Radio.Group>
      ) : (
        <Checkbox.Group value={chosen} onChange={onChange} label={t('quiz.multiple')}>
          <Stack gap={4} mt={4}>
            {question.choices.map((c) =>
              choiceBox(c, <Checkbox value={c.id} label={label(c)} disabled={!!graded} />),
            )}
          </Stack>
        </Checkbox.Group>
      )}
      {graded && (
        <Alert
          mt="sm"
          color={graded.correct ? 'green' : 'orange'}
          title={t('quiz.explanation')}
          className="quiz-explanation"
        >
          <Markdown text={graded.explanation} />
        </Alert>
      )}
    </Card>
  );
}
