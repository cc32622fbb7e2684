/**
 * The final status of an exec or attach, as the kubelet writes it on the error stream
 * (kubelet cri/streaming/remotecommand exec.go, attach.go, httpstream.go v4WriteStatusFunc) and as
 * kube-apiserver's WebSocket stream translator re-reports it to v5 clients
 * (apiserver/pkg/util/proxy/streamtranslator.go).
 */
import { isStatusError, type StatusDetails, type StatusError } from '../../api/errors';

/** metav1.Status without TypeMeta: what json.Marshal(status.Status()) gives for these errors. */
export interface ResultStatus {
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

export const SUCCESS: ResultStatus = { status: 'Success' };

const NON_ZERO_EXIT = 'NonZeroExitCode';

function exitCodeStatus(code: number, cause: string): ResultStatus {
  return {
    status: 'Failure',
    message: `command terminated with non-zero exit code: ${cause}`,
    reason: NON_ZERO_EXIT,
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Go's %v of a []string: `[sh -c exit 3]`. */
function goStringSlice(values: string[]): string {
  return `[${values.join(' ')}]`;
}

/** A command that exited non-zero, worded as containerd's CRI exec reports it to the kubelet. */
export function nonZeroExit(command: string[], code: number): ResultStatus {
  return exitCodeStatus(
    code,
    `error executing command ${goStringSlice(command)}, exit code ${code}`,
  );
}

/** apierrors.NewInternalError(err). */
export function internalErrorStatus(message: string): ResultStatus {
  return {
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** A runtime failure: a StatusError as it is, anything else wrapped the way the kubelet does. */
export function failureStatus(err: unknown, prefix: string): ResultStatus {
  if (isStatusError(err)) return statusOfError(err);
  const text = err instanceof Error ? err.message : String(err);
  return internalErrorStatus(`${prefix}: ${text}`);
}

/** A StatusError's own Status. */
export function statusOfError(err: StatusError): ResultStatus {
  return {
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    details: err.details,
    code: err.code,
  };
}

/** JSON in metav1.Status field order (kind and apiVersion are empty, so omitted). */
export function encodeStatusJson(s: ResultStatus): string {
  const out: Record<string, unknown> = { metadata: {}, status: s.status };
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.details) {
    const d = s.details;
    const details: Record<string, unknown> = {};
    if (d.name) details.name = d.name;
    if (d.group) details.group = d.group;
    if (d.kind) details.kind = d.kind;
    if (d.uid) details.uid = d.uid;
    if (d.causes?.length) {
      details.causes = d.causes.map((c) => {
        const cause: Record<string, unknown> = {};
        if (c.reason) cause.reason = c.reason;
        if (c.message) cause.message = c.message;
        if (c.field) cause.field = c.field;
        return cause;
      });
    }
    if (d.retryAfterSeconds) details.retryAfterSeconds = d.retryAfterSeconds;
    out.details = details;
  }
  if (s.code) out.code = s.code;
  return JSON.stringify(out);
}

/**
 * The error stream payload for a protocol version: v4 and later carry the JSON Status; earlier
 * versions carry the message of a failure and nothing on success (v1WriteStatusFunc).
 */
export function errorStreamPayload(s: ResultStatus, jsonStatus: boolean): Buffer | undefined {
  if (jsonStatus) return Buffer.from(encodeStatusJson(s));
  return s.status === 'Success' ? undefined : Buffer.from(s.message ?? '');
}

/**
 * What a v5 WebSocket client receives: the translator reads the kubelet's v4 status with
 * client-go's decoder and reports it again. An exit code becomes "command terminated with exit
 * code N" wrapped once more; any other failure becomes an internal error around its message.
 */
export function translateForWebSocket(s: ResultStatus): ResultStatus {
  if (s.status === 'Success') return SUCCESS;
  if (s.reason === NON_ZERO_EXIT) {
    const code = Number(s.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? 0);
    return exitCodeStatus(code, `command terminated with exit code ${code}`);
  }
  return internalErrorStatus(s.message ?? '');
}
