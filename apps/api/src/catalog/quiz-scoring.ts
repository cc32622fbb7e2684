import type { QuizResult } from '@kubebelt/contract';
import type { Question, Quiz, Text } from '@kubebelt/labs';

/** One point per question answered exactly right (all and only the correct choices). */
export function scoreQuiz(
  quiz: Quiz,
  answers: Record<string, string[]>,
  say: (t: Text) => string,
): QuizResult {
  const questions = quiz.questions.map((q) => {
    const { answer, chosen, correct } = markAnswer(q, answers[q.id]);
    return { id: q.id, correct, chosen, answer, explanation: say(q.explanation) };
  });
  const score = questions.filter((q) => q.correct).length;
  const maxScore = questions.length;
  const percent = maxScore ? Math.round((score / maxScore) * 100) : 0;
  return {
    quizId: quiz.id,
    score,
    maxScore,
    percent,
    passed: percent >= (quiz.passPercent ?? 70),
    questions,
  };
}

/** A question answered exactly right picks all and only its correct choices (ids sorted, repeats dropped). */
export function markAnswer(
  question: Pick<Question, 'choices'>,
  picked: string[] | undefined,
): { answer: string[]; chosen: string[]; correct: boolean } {
  const answer = question.choices
    .filter((c) => c.correct)
    .map((c) => c.id)
    .sort();
  const chosen = [...new Set(picked ?? [])].sort();
  const correct = chosen.length === answer.length && chosen.every((c, i) => c === answer[i]);
  return { answer, chosen, correct };
}
