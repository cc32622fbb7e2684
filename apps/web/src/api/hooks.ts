/** Typed server state for the pages (TanStack Query); components never call fetch themselves. */
import type {
  AccountView,
  AttemptView,
  CourseSummary,
  CourseView,
  LabSummary,
  LabView,
  MyProgress,
  QuizResult,
  QuizSummary,
  QuizView,
  SessionStartView,
  SessionView,
} from '@kubebelt/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n, { rememberLanguage } from '../i18n';
import { ApiError, api, apiText } from './client';

/**
 * The server answers in the account's chosen language when it has one: the interface follows
 * it, so that the pages and their content never come in two languages (a new browser, say).
 */
function adoptLanguageOf(account: AccountView): AccountView {
  if (account.locale && account.locale !== i18n.language) rememberLanguage(account.locale);
  return account;
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return adoptLanguageOf(await api<AccountView>('GET', '/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<AccountView>('POST', '/auth/login', body),
    onSuccess: (account) => {
      // another account's data must not linger; the account query itself stays observed
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(['me'], adoptLanguageOf(account));
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/logout'),
    onSuccess: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(['me'], null);
    },
  });
}

export function useSetLocale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (locale: 'en' | 'zh') => api<AccountView>('PATCH', '/auth/me', { locale }),
    onSuccess: (account) => {
      client.setQueryData(['me'], account);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}

/** Content queries carry the language in their key: switching it refetches in that language. */
function useLang() {
  return useTranslation().i18n.language;
}

export function useCourses() {
  const lang = useLang();
  return useQuery({
    queryKey: ['courses', lang],
    queryFn: () => api<CourseSummary[]>('GET', '/courses'),
  });
}

export function useCourse(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['course', id, lang],
    queryFn: () => api<CourseView>('GET', `/courses/${id}`),
  });
}

/** Labs and quizzes instructors published in the browser (no course of their own). */
export function usePublished() {
  const lang = useLang();
  return useQuery({
    queryKey: ['published', lang],
    queryFn: () => api<(LabSummary | QuizSummary)[]>('GET', '/published'),
  });
}

export function useLab(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['lab', id, lang],
    queryFn: () => api<LabView>('GET', `/labs/${id}`),
  });
}

export function useQuiz(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['quiz', id, lang],
    queryFn: () => api<QuizView>('GET', `/quizzes/${id}`),
  });
}

export function useAnswerQuiz(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answers: Record<string, string[]>) =>
      api<QuizResult>('POST', `/quizzes/${id}/answers`, { answers }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['progress'] }),
  });
}

export function useProgress() {
  const lang = useLang();
  return useQuery({
    queryKey: ['progress', lang],
    queryFn: () => api<MyProgress>('GET', '/me/progress'),
  });
}

export function useStartSession(labId: string) {
  return useMutation({ mutationFn: () => api<SessionView>('POST', `/labs/${labId}/sessions`) });
}

/** While a start is in flight: which of its steps the server is at. */
export function useStartStep(labId: string, starting: boolean) {
  return useQuery({
    queryKey: ['starting', labId],
    queryFn: () => api<SessionStartView>('GET', `/labs/${labId}/sessions/starting`),
    enabled: starting,
    refetchInterval: starting ? 250 : false,
    gcTime: 0,
  });
}

export function useMySessions() {
  return useQuery({
    queryKey: ['sessions'],
    queryFn: () => api<SessionView[]>('GET', '/sessions'),
  });
}

export function useSession(id: string | undefined) {
  return useQuery({
    queryKey: ['session', id],
    queryFn: () => api<SessionView>('GET', `/sessions/${id}`),
    enabled: !!id,
    refetchInterval: 60_000,
  });
}

export function useCheck(sessionId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId?: string) =>
      api<AttemptView>('POST', `/sessions/${sessionId}/check`, taskId ? { taskId } : {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['progress'] }),
  });
}

export function useSessionAction(
  sessionId: string | undefined,
  action: 'reset' | 'end' | 'extend',
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<SessionView>('POST', `/sessions/${sessionId}/${action}`),
    onSuccess: (session) => client.setQueryData(['session', sessionId], session),
  });
}

export function downloadKubeconfig(sessionId: string): Promise<string> {
  return apiText(`/sessions/${sessionId}/kubeconfig`);
}
