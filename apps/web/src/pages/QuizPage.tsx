import type { QuizResult } from '@kubebelt/contract';
import { Alert, Button, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAnswerQuiz, useQuiz } from '../api/hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { QuizQuestion } from '../components/QuizQuestion';

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
        {q.questions.map((question, n) => (
          <QuizQuestion
            key={question.id}
            question={question}
            number={n + 1}
            chosen={answers[question.id] ?? []}
            onChange={(chosen) => setAnswers({ ...answers, [question.id]: chosen })}
            graded={result?.questions.find((x) => x.id === question.id)}
          />
        ))}
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
