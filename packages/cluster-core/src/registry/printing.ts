/** Shared cell formatting for printers, as upstream pkg/printers/internalversion. */
import type { KubeObject } from '../api/object';
import type { PrintContext, TableColumn } from './types';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const years = Math.floor(hours / 24 / 365);
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for a missing time. */
export function since(timestamp: string | undefined, ctx: PrintContext): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(ctx.now - Date.parse(timestamp));
}

/** The AGE cell of every printer. */
export function age(obj: KubeObject, ctx: PrintContext): string {
  return since(obj.metadata.creationTimestamp, ctx);
}

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
};

export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** metav1.FormatLabelSelector: "<none>" for empty, "<invalid>" for unparsable. */
export function formatLabelSelector(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '<none>';
  const sel = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  // LabelSelectorAsSelector sorts requirements by key, whichever list they came from.
  const parts: [string, string][] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push([k, `${k}=${v}`]);
  for (const expr of sel.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort();
    switch (expr.operator) {
      case 'In':
        parts.push([expr.key, `${expr.key} in (${values.join(',')})`]);
        break;
      case 'NotIn':
        parts.push([expr.key, `${expr.key} notin (${values.join(',')})`]);
        break;
      case 'Exists':
        parts.push([expr.key, expr.key]);
        break;
      case 'DoesNotExist':
        parts.push([expr.key, `!${expr.key}`]);
        break;
      default:
        return '<invalid>';
    }
  }
  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.length ? parts.map(([, text]) => text).join(',') : '<none>';
}

/** labels.FormatLabels / a map selector: "k=v,k2=v2" sorted, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** The `<none>` convention for empty string cells. */
export function orNone(value: string | undefined | null): string {
  return value ? value : '<none>';
}
