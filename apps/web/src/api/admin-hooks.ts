/** Server state of the admin pages: platform settings, accounts and roles, the audit log. */
import type {
  AdminAccountView,
  AuditPage,
  PlatformSettingsView,
  UpdateAccountRequest,
  UpdatePlatformSettingsRequest,
} from '@kubebelt/contract';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export function usePlatformSettings() {
  return useQuery({
    queryKey: ['admin-settings'],
    queryFn: () => api<PlatformSettingsView>('GET', '/admin/settings'),
  });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePlatformSettingsRequest) =>
      api<PlatformSettingsView>('PUT', '/admin/settings', body),
    onSuccess: (view) => {
      client.setQueryData(['admin-settings'], view);
      void client.invalidateQueries({ queryKey: ['admin-audit'] });
    },
  });
}

export function useAccounts() {
  return useQuery({
    queryKey: ['admin-accounts'],
    queryFn: () => api<AdminAccountView[]>('GET', '/accounts'),
  });
}

export function useUpdateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: UpdateAccountRequest & { id: string }) =>
      api<AdminAccountView>('PATCH', `/accounts/${id}`, change),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin-accounts'] });
      void client.invalidateQueries({ queryKey: ['admin-audit'] });
    },
  });
}

export interface AuditFilters {
  action: string;
  targetId: string;
  page: number;
  pageSize: number;
}

export function useAuditLog(filters: AuditFilters) {
  const params = new URLSearchParams({
    page: String(filters.page),
    pageSize: String(filters.pageSize),
  });
  if (filters.action) params.set('action', filters.action);
  if (filters.targetId.trim()) params.set('targetId', filters.targetId.trim());
  return useQuery({
    queryKey: ['admin-audit', params.toString()],
    queryFn: () => api<AuditPage>('GET', `/admin/audit?${params}`),
    // the table keeps the current page while the next one loads
    placeholderData: keepPreviousData,
  });
}
