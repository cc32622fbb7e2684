/** Server state of authoring: the items, one item's draft, live validation, Verify's stream. */
import type {
  AuthoredKind,
  AuthoredSummary,
  AuthoredView,
  ContentFiles,
  ValidateFilesResult,
  VerifyStreamEvent,
} from '@kubebelt/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';

export function useAuthoredItems() {
  return useQuery({
    queryKey: ['authored'],
    queryFn: () => api<AuthoredSummary[]>('GET', '/authoring/items'),
  });
}

export function useAuthoredItem(id: string) {
  return useQuery({
    queryKey: ['authored', id],
    queryFn: () => api<AuthoredView>('GET', `/authoring/items/${id}`),
  });
}

function useSetItem() {
  const client = useQueryClient();
  return (item: AuthoredView) => {
    client.setQueryData(['authored', item.id], item);
    client.invalidateQueries({ queryKey: ['authored'], exact: true });
  };
}

export function useCreateAuthored() {
  const setItem = useSetItem();
  return useMutation({
    mutationFn: (body: { kind: AuthoredKind; id: string }) =>
      api<AuthoredView>('POST', '/authoring/items', body),
    onSuccess: setItem,
  });
}

export function useSaveDraft(id: string) {
  const setItem = useSetItem();
  return useMutation({
    mutationFn: (files: ContentFiles) =>
      api<AuthoredView>('PUT', `/authoring/items/${id}`, { files }),
    onSuccess: setItem,
  });
}

export function usePublish(id: string) {
  const setItem = useSetItem();
  return useMutation({
    mutationFn: () => api<AuthoredView>('POST', `/authoring/items/${id}/publish`),
    onSuccess: setItem,
  });
}

export function useDeleteAuthored() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/authoring/items/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['authored'] }),
  });
}

export function validateFiles(files: ContentFiles): Promise<ValidateFilesResult> {
  return api<ValidateFilesResult>('POST', '/authoring/validate', { files });
}

/** Sends a .tar.gz (as exported, or packed from labs/) to become a draft. */
export function useImportArchive() {
  const setItem = useSetItem();
  return useMutation({
    mutationFn: async (file: File) => {
      const response = await fetch('/api/authoring/import', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/gzip' },
        body: file,
      });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) throw new ApiError(response.status, body?.message ?? response.statusText);
      return body as AuthoredView;
    },
    onSuccess: setItem,
  });
}

/**
 * Runs Verify on the saved draft, calling `onEvent` for each line of the stream as it arrives.
 * Resolves when the stream ends.
 */
export async function streamVerify(
  id: string,
  onEvent: (event: VerifyStreamEvent) => void,
): Promise<void> {
  const response = await fetch(`/api/authoring/items/${id}/verify`, {
    method: 'POST',
    credentials: 'same-origin',
  });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(response.status, body?.message ?? response.statusText);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as VerifyStreamEvent);
  }
  if (buffered.trim()) onEvent(JSON.parse(buffered) as VerifyStreamEvent);
}
