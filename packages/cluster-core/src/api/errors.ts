/**
 * Kubernetes `Status` errors, as k8s.io/apimachinery/pkg/api/errors builds them: the same
 * reasons, codes and message texts, so kubectl prints the same `Error from server (...)` lines.
 */
import type { FieldError } from './field-errors';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'TooManyRequests';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** A group and resource, e.g. `{ group: 'apps', resource: 'deployments' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(gr)} "${name}" already exists`,
    {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    },
  );
}

export function conflict(gr: GroupResource, name: string, cause: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${cause}`,
    { name, group: gr.group || undefined, kind: gr.resource },
  );
}

export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 422 with one cause per field error, as errors.NewInvalid. `kind` is the Kind (e.g. `Deployment`). */
export function invalid(
  group: string,
  kind: string,
  name: string,
  fieldErrors: FieldError[],
): StatusError {
  const causes = fieldErrors.map((e) => ({ reason: e.type, message: e.body(), field: e.field }));
  const messages = dedupe(fieldErrors.map((e) => e.message()));
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  let message = `${qualifiedKind} "${name}" is invalid`;
  if (messages.length === 1) message += `: ${messages[0]}`;
  else if (messages.length > 1) message += `: [${messages.join(', ')}]`;
  return new StatusError(422, 'Invalid', message, {
    name,
    group: group || undefined,
    kind,
    causes,
  });
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(401, 'Unauthorized', message);
}

export function forbidden(gr: GroupResource, name: string, cause: string): StatusError {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${cause}`, {
    name: name || undefined,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function methodNotSupported(gr: GroupResource, action: string): StatusError {
  return new StatusError(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind "${qualifiedResource(gr)}"`,
    { group: gr.group || undefined, kind: gr.resource },
  );
}

export function notAcceptable(message: string): StatusError {
  return new StatusError(406, 'NotAcceptable', message);
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function requestEntityTooLarge(limit: number): StatusError {
  return new StatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limit}`,
  );
}

/** 410 as the watch cache reports a compacted resourceVersion. */
export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function gone(message: string): StatusError {
  return new StatusError(410, 'Gone', message);
}

/**
 * A request whose object nests deeper than this process's stack can walk (Go's decoder accepts
 * 10,000 levels; recursion here runs out sooner): the learner's input, not a bug, so a 400.
 */
export function nestedTooDeeply(err: unknown): StatusError | undefined {
  if (!(err instanceof RangeError) || !err.message.includes('call stack')) return undefined;
  return new StatusError(
    400,
    'BadRequest',
    'the object provided is nested too deeply for this simulated API server (kube-apiserver decodes up to 10000 levels)',
  );
}

export function internalError(err: unknown): StatusError {
  const text = err instanceof Error ? err.message : String(err);
  return new StatusError(500, 'InternalError', `Internal error occurred: ${text}`, {
    causes: [{ message: text }],
  });
}

export function timeout(message: string): StatusError {
  return new StatusError(504, 'Timeout', message);
}
