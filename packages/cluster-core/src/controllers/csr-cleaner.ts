/**
 * kube-controller-manager's CSR cleaner (pkg/controller/certificates/cleaner): every hour it
 * deletes requests that were issued, denied or failed more than an hour ago (by the condition's
 * lastUpdateTime), pending for more than a day, or whose certificate has expired. Level-triggered
 * here: each request is looked at again at the first hourly poll after its deadline.
 */
import { X509Certificate } from 'node:crypto';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { decodePem } from '../registry/certificate-request';
import { CERTIFICATES_GROUP } from '../registry/certificatesigningrequests';
import { bytesField, conditionsOf } from '../registry/csr-validation';
import type { ControllerContext } from './controller-context';
import type { Reconciler } from './reconciler';

const HOUR = 3600_000;
const POLLING_INTERVAL = HOUR;
const APPROVED_EXPIRATION = HOUR;
const DENIED_EXPIRATION = HOUR;
const PENDING_EXPIRATION = 24 * HOUR;
/** When the cleaner's polls started in this cluster (its first reconcile). */

function certificateNotAfter(csr: KubeObject): number | undefined {
  const block = decodePem(bytesField(csr.status?.certificate));
  if (!block) return undefined;
  try {
    return Date.parse(new X509Certificate(block.bytes).validTo);
  } catch {
    return undefined;
  }
}

/** The time after which the cleaner deletes the request (isOlderThan is strict), if ever. */
export function cleanupDeadline(csr: KubeObject): number | undefined {
  const conditions = conditionsOf(csr);
  const issued = Boolean(csr.status?.certificate);
  const deadlines: number[] = [];
  if (!conditions.length && csr.metadata.creationTimestamp) {
    deadlines.push(Date.parse(csr.metadata.creationTimestamp) + PENDING_EXPIRATION);
  }
  for (const c of conditions) {
    if (!c.lastUpdateTime) continue;
    const updated = Date.parse(c.lastUpdateTime);
    if (c.type === 'Denied' || c.type === 'Failed') deadlines.push(updated + DENIED_EXPIRATION);
    if (c.type === 'Approved' && issued) deadlines.push(updated + APPROVED_EXPIRATION);
  }
  if (issued && conditions.some((c) => c.type === 'Approved')) {
    const notAfter = certificateNotAfter(csr);
    if (notAfter !== undefined) deadlines.push(notAfter);
  }
  return deadlines.length ? Math.min(...deadlines) : undefined;
}

function started(ctx: ControllerContext): number {
  ctx.state.csrCleanerStartedAt ??= ctx.now();
  return ctx.state.csrCleanerStartedAt;
}

export const csrCleanerController: Reconciler = {
  name: 'csrcleaner-controller',
  primary: `${CERTIFICATES_GROUP}/certificatesigningrequests`,
  reconcile(key, ctx) {
    const start = started(ctx);
    const csr = ctx.get(CERTIFICATES_GROUP, 'certificatesigningrequests', undefined, key);
    if (!csr) return;
    const deadline = cleanupDeadline(csr);
    if (deadline === undefined) return;
    const now = ctx.now();
    if (now > deadline) {
      try {
        ctx.delete(CERTIFICATES_GROUP, 'certificatesigningrequests', undefined, key, {
          preconditions: { uid: csr.metadata.uid },
        });
      } catch (err) {
        if (!isStatusError(err) || (err.code !== 404 && err.code !== 409)) throw err;
      }
      return;
    }
    const nextPoll =
      start + (Math.floor((deadline - start) / POLLING_INTERVAL) + 1) * POLLING_INTERVAL;
    return { requeueAfter: nextPoll - now };
  },
};
