/** The error shapes the patch handlers return (apiserver handlers/patch.go, responsewriters/status.go). */
import { badRequest, StatusError, type StatusReason } from '../api/errors';

/**
 * A plain Go error reaching the handler: ErrorToAPIStatus turns it into a 500 with an empty
 * reason (StatusReasonUnknown) and the error text as message.
 */
export function unknownServerError(message: string): StatusError {
  return new StatusError(500, '' as StatusReason, message);
}

/**
 * errors.NewGenericServerResponse(422, ...): upstream drops the underlying message (a failing
 * JSON patch test, a list of lists in a strategic merge patch) for a fixed text.
 */
export function genericUnprocessable(): StatusError {
  return new StatusError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
  );
}

export { badRequest };
