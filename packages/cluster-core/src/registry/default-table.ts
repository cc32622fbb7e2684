/**
 * The table of kinds without a printer upstream (roles, limitranges, CRDs, ...):
 * k8s.io/apiserver/pkg/registry/rest/table.go defaultTableConvertor prints NAME and CREATED AT,
 * the creation time as RFC 3339 in UTC.
 */
import type { KubeObject } from '../api/object';
import { NAME_COLUMN } from './printing';
import type { TableColumn } from './types';

export const CREATED_AT_COLUMN: TableColumn = {
  name: 'Created At',
  type: 'date',
  description: 'When the object was created.',
};

/** time.Time.UTC().Format(time.RFC3339): whole seconds, `Z` suffix; zero time for none. */
export function rfc3339Seconds(timestamp: string | undefined): string {
  if (!timestamp) return '0001-01-01T00:00:00Z';
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return timestamp;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DEFAULT_COLUMNS: TableColumn[] = [NAME_COLUMN, CREATED_AT_COLUMN];

export function defaultRow(obj: KubeObject): unknown[] {
  return [obj.metadata.name, rfc3339Seconds(obj.metadata.creationTimestamp)];
}
