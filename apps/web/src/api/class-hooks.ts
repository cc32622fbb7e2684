/** Server state of classes: the list, one class, its dashboard, a learner's history and transcripts. */
import type {
  AddMembersResult,
  ClassDashboard,
  ClassSummary,
  ClassView,
  LearnerHistory,
  TranscriptView,
} from '@kubebelt/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client';

function useLang() {
  return useTranslation().i18n.language;
}

export function useClasses() {
  return useQuery({
    queryKey: ['classes'],
    queryFn: () => api<ClassSummary[]>('GET', '/classes'),
  });
}

export function useClass(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['class', id, lang],
    queryFn: () => api<ClassView>('GET', `/classes/${id}`),
  });
}

/** Fetched again every 30 s: who is working now changes while the instructor watches. */
export function useClassDashboard(id: string, enabled: boolean) {
  const lang = useLang();
  return useQuery({
    queryKey: ['class-dashboard', id, lang],
    queryFn: () => api<ClassDashboard>('GET', `/classes/${id}/dashboard`),
    refetchInterval: 30_000,
    enabled,
  });
}

export function useLearnerHistory(classId: string, accountId: string | null) {
  return useQuery({
    queryKey: ['class-learner', classId, accountId],
    queryFn: () => api<LearnerHistory>('GET', `/classes/${classId}/members/${accountId}`),
    enabled: accountId !== null,
  });
}

/** All labs, for the assignment picker. */
export function useAllLabs() {
  const lang = useLang();
  return useQuery({
    queryKey: ['labs', lang],
    queryFn: () => api<{ id: string; title: string }[]>('GET', '/labs'),
  });
}

/** A write to classes, after which every class view is fetched again. */
function useClassWrite<T, R>(request: (body: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['classes'] });
      void client.invalidateQueries({ queryKey: ['class'] });
      void client.invalidateQueries({ queryKey: ['class-dashboard'] });
    },
  });
}

export function useCreateClass() {
  return useClassWrite((name: string) => api<ClassSummary>('POST', '/classes', { name }));
}

export function useJoinClass() {
  return useClassWrite((code: string) => api<ClassSummary>('POST', '/classes/join', { code }));
}

export function useAddMembers(classId: string) {
  return useClassWrite((emails: string) =>
    api<AddMembersResult>('POST', `/classes/${classId}/members`, { emails }),
  );
}

export function useRemoveMember(classId: string) {
  return useClassWrite((accountId: string) =>
    api<unknown>('DELETE', `/classes/${classId}/members/${accountId}`),
  );
}

export function useAssign(classId: string) {
  return useClassWrite((body: { kind: 'lab' | 'exam'; itemId: string; dueAt: string | null }) =>
    api<unknown>('POST', `/classes/${classId}/assignments`, body),
  );
}

export function useUnassign(classId: string) {
  return useClassWrite((assignmentId: string) =>
    api<unknown>('DELETE', `/classes/${classId}/assignments/${assignmentId}`),
  );
}

/** One of a learner's sessions as their terminal showed it (read-only). */
export function useTranscript(classId: string, accountId: string, sessionId: string | null) {
  return useQuery({
    queryKey: ['class-transcript', classId, accountId, sessionId],
    queryFn: () =>
      api<TranscriptView>(
        'GET',
        `/classes/${classId}/members/${accountId}/sessions/${sessionId}/transcript`,
      ),
    enabled: sessionId !== null,
  });
}
