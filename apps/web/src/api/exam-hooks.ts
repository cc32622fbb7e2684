/** Server state of exams: the list, one attempt (its time is the server's), the report. */
import type {
  ExamAttemptSummary,
  ExamAttemptView,
  ExamReport,
  ExamSummary,
} from '@kubebelt/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client';

function useLang() {
  return useTranslation().i18n.language;
}

export function useExams() {
  const lang = useLang();
  return useQuery({
    queryKey: ['exams', lang],
    queryFn: () => api<ExamSummary[]>('GET', '/exams'),
  });
}

export function useExamHistory() {
  const lang = useLang();
  return useQuery({
    queryKey: ['exam-attempts', lang],
    queryFn: () => api<ExamAttemptSummary[]>('GET', '/exam-attempts'),
  });
}

export function useStartExam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (examId: string) => api<ExamAttemptView>('POST', `/exams/${examId}/attempts`),
    onSuccess: (attempt) => {
      client.setQueryData(['exam-attempt', attempt.id], attempt);
      void client.invalidateQueries({ queryKey: ['exams'] });
    },
  });
}

/** The attempt, fetched again every 30 s and whenever the page asks (time up). */
export function useExamAttempt(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['exam-attempt', id, lang],
    queryFn: () => api<ExamAttemptView>('GET', `/exam-attempts/${id}`),
    refetchInterval: 30_000,
  });
}

function useAttemptWrite<T>(id: string, request: (body: T) => Promise<ExamAttemptView>) {
  const client = useQueryClient();
  const lang = useLang();
  return useMutation({
    mutationFn: request,
    onSuccess: (attempt) => client.setQueryData(['exam-attempt', id, lang], attempt),
  });
}

export function useFlagTask(id: string) {
  return useAttemptWrite(id, (body: { taskId: string; flagged: boolean }) =>
    api<ExamAttemptView>('POST', `/exam-attempts/${id}/flags`, body),
  );
}

export function useAnswerQuestions(id: string) {
  return useAttemptWrite(id, (answers: Record<string, string[]>) =>
    api<ExamAttemptView>('PUT', `/exam-attempts/${id}/answers`, { answers }),
  );
}

export function useSubmitExam(id: string) {
  const client = useQueryClient();
  return useAttemptWrite(id, async () => {
    const submitted = await api<ExamAttemptView>('POST', `/exam-attempts/${id}/submit`, {});
    void client.invalidateQueries({ queryKey: ['exams'] });
    void client.invalidateQueries({ queryKey: ['exam-attempts'] });
    return submitted;
  });
}

export function useSaveNotes(id: string) {
  return useMutation({
    mutationFn: (notes: string) =>
      api<{ notes: string }>('PUT', `/exam-attempts/${id}/notes`, { notes }),
  });
}

export function useExamReport(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['exam-report', id, lang],
    queryFn: () => api<ExamReport>('GET', `/exam-attempts/${id}/report`),
  });
}
