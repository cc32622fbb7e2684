import type { QuizResult } from '@kubebelt/contract';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Container,
  Group,
  Loader,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAnswerQuiz, useQuiz } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { InlineMarkdown, Markdown } from '../components/Markdown';

/** A quiz: answers scored on the server, then each question's explanation. */
export function QuizPage() {
  const { quizId = '' } = useParams();
  const { t } = useTranslation();
  const quiz = useQuiz(quizId);
  const answer = useAnswerQuiz(quizId);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizResult>();
  if (quiz.isPending) return <Loader m="xl" />;
  if (quiz.error) return <ErrorNotice error={quiz.error} />;
  const q = quiz.data;
  const graded = (id: string) => result?.questions.find((x) => x.id === id);
  return (
    <Container size="md" py="lg">
      <Stack>
        <Title order={1}>{q.title}</Title>
        <Text c="dimmed">{q.summary}</Text>
        {result && (
          <Alert color={result.passed ? 'green' : 'orange'} data-testid="quiz-result">
            {t('quiz.result', {
              score: result.score,
              max: result.maxScore,
              percent: result.percent,
            })}{' '}
            · {result.passed ? t('quiz.passed') : t('quiz.failed', { percent: q.passPercent })}
          </Alert>
        )}
        {q.questions.map((question, n) => {
          const g = graded(question.id);
          const chosen = answers[question.id] ?? [];
          return (
            <Card withBorder key={question.id} data-testid={`question-${question.id}`}>
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Text fw={600} className="markdown">
                  {n + 1}. <InlineMarkdown text={question.prompt} />
                </Text>
                {g && (
                  <Badge color={g.correct ? 'green' : 'red'}>
                    {g.correct ? t('quiz.correct') : t('quiz.wrong')}
                  </Badge>
                )}
              </Group>
              {question.type === 'single' ? (
                <Radio.Group
                  value={chosen[0] ?? null}
                  onChange={(v) => setAnswers({ ...answers, [question.id]: [v] })}
                >
                  <Stack gap={6}>
                    {question.choices.map((c) => (
                      <Radio
                        key={c.id}
                        value={c.id}
                        label={<InlineMarkdown text={c.text} />}
                        disabled={!!result}
                        color={g?.answer.includes(c.id) ? 'green' : undefined}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              ) : (
                <Checkbox.Group
                  value={chosen}
                  onChange={(v) => setAnswers({ ...answers, [question.id]: v })}
                  label={t('quiz.multiple')}
                >
                  <Stack gap={6} mt={4}>
                    {question.choices.map((c) => (
                      <Checkbox
                        key={c.id}
                        value={c.id}
                        label={<InlineMarkdown text={c.text} />}
                        disabled={!!result}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
              {g && (
                <Alert mt="sm" color={g.correct ? 'green' : 'orange'}>
                  <Markdown text={g.explanation} />
                </Alert>
              )}
            </Card>
          );
        })}
        <ErrorNotice error={answer.error} />
        <Group>
          {result ? (
            <Button
              variant="default"
              onClick={() => {
                setResult(undefined);
                setAnswers({});
              }}
            >
              {t('quiz.retry')}
            </Button>
          ) : (
            <Button
              onClick={() => answer.mutate(answers, { onSuccess: setResult })}
              loading={answer.isPending}
            >
              {t('quiz.submit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Container>
  );
}
