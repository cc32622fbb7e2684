/**
 * certificates.k8s.io/v1 CertificateSigningRequest: pkg/registry/certificates/certificates
 * strategy.go (the requesting user fills spec.username/uid/groups/extra, spec and status are
 * immutable through the main resource, the approval subresource writes only conditions), the
 * CertificateSubjectRestriction admission plugin, printers.go printCertificateSigningRequest.
 * Validation is in csr-validation.ts; the signing controller in controllers/csr-signer.ts.
 */
import { forbidden, invalid } from '../api/errors';
import { clone, type KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import { Base64Error, parseCertificateRequest } from './certificate-request';
import {
  bytesField,
  type Condition,
  conditionsOf,
  validateCertificateSigningRequest,
  validateUpdateRules,
} from './csr-validation';
import { AGE_COLUMN, age, humanDuration, NAME_COLUMN } from './printing';
import { decodeError } from './quantity-fields';
import type { ResourceDefinition, StrategyContext } from './types';

export const CERTIFICATES_GROUP = 'certificates.k8s.io';
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
const KIND = 'CertificateSigningRequest';

/**
 * The conditions an approval write brought, by the object the store is writing: the generic
 * store resets status after a partial subresource, then calls defaults (which puts them back
 * before managedFields are computed) and prepareForUpdate (which stamps them with the cluster
 * time) on the same object. See .helpers/apiserver-issues.md CSR-1 for the generic change.
 */
const approvals = new WeakMap<KubeObject, Condition[]>();

/** A `[]byte` field that is not base64 fails decoding, before anything else looks at the body. */
function checkBytes(obj: KubeObject): void {
  for (const value of [obj.spec?.request, obj.status?.certificate]) {
    try {
      bytesField(value);
    } catch (err) {
      if (err instanceof Base64Error) throw decodeError(KIND, 'v1', err.message);
      throw err;
    }
  }
}

/** populateConditionTimestamps: missing times become now, or the old condition's transition time. */
function populateConditionTimestamps(
  conditions: Condition[],
  old: KubeObject,
  now: number,
): Condition[] {
  return conditions.map((c) => {
    const next = { ...c };
    if (!next.lastUpdateTime) next.lastUpdateTime = rfc3339(now);
    if (!next.lastTransitionTime) {
      const same = conditionsOf(old).find(
        (o) => o.type === c.type && o.status === c.status && o.lastTransitionTime,
      );
      next.lastTransitionTime = same?.lastTransitionTime ?? rfc3339(now);
    }
    return next;
  });
}

/** csrApprovalStrategy.PrepareForUpdate: the request's conditions on the stored spec and status. */
function applyApproval(
  obj: KubeObject,
  old: KubeObject,
  conditions: Condition[],
  now: number,
): void {
  obj.spec = clone(old.spec);
  obj.status = clone(old.status ?? {});
  if (conditions.length) obj.status.conditions = populateConditionTimestamps(conditions, old, now);
  else delete obj.status.conditions;
}

function prepareApproval(sent: KubeObject, old: KubeObject, ctx?: StrategyContext): KubeObject {
  const next = clone(sent);
  const conditions = clone(conditionsOf(sent));
  applyApproval(next, old, conditions, ctx?.now ?? Date.now());
  const updateErrs = validateUpdateRules(next, old, { approval: true, certificate: false });
  if (updateErrs.length) {
    throw invalid(CERTIFICATES_GROUP, KIND, old.metadata.name ?? '', [
      ...validateCertificateSigningRequest(next),
      ...updateErrs,
    ]);
  }
  approvals.set(next, next.status?.conditions ?? []);
  return next;
}

/** The CertificateSubjectRestriction admission plugin. */
function restrictSubject(obj: KubeObject): void {
  if (obj.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
  let organizations: string[];
  try {
    organizations = parseCertificateRequest(bytesField(obj.spec?.request)).subject.organization;
  } catch {
    return; // validation reports an unparsable request
  }
  if (organizations.includes('system:masters')) {
    throw forbidden(
      { group: CERTIFICATES_GROUP, resource: 'certificatesigningrequests' },
      obj.metadata.name ?? '',
      `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`,
    );
  }
}

/** extractCSRStatus: the CONDITION column. */
export function csrCondition(obj: KubeObject): string {
  const types = new Set(conditionsOf(obj).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (obj.status?.certificate) status += ',Issued';
  return status;
}

export const certificateSigningRequests: ResourceDefinition = {
  group: CERTIFICATES_GROUP,
  version: 'v1',
  kind: KIND,
  plural: 'certificatesigningrequests',
  namespaced: false,
  // ValidateCertificateRequestName accepts any name; the generic BeforeCreate still checks path segments
  nameRule: 'path',
  shortNames: ['csr'],
  statusSubresource: true,
  subresources: [{ name: 'approval', verbs: ['get', 'patch', 'update'] }],
  partialSubresources: { approval: prepareApproval },
  defaults(obj) {
    checkBytes(obj);
    const conditions = approvals.get(obj);
    if (conditions) {
      obj.status = { ...obj.status, conditions: clone(conditions) };
      if (!conditions.length) delete obj.status.conditions;
    }
  },
  prepareForCreate(obj, ctx) {
    const spec = (obj.spec ??= {});
    delete spec.username;
    delete spec.uid;
    delete spec.groups;
    delete spec.extra;
    const user = ctx.user;
    if (user.username) spec.username = user.username;
    if (user.uid) spec.uid = user.uid;
    if (user.groups.length) spec.groups = [...user.groups];
    if (user.extra && Object.keys(user.extra).length) spec.extra = clone(user.extra);
    // users cannot create pre-approved (or pre-issued) requests
    obj.status = {};
    restrictSubject(obj);
  },
  prepareForUpdate(obj, old, ctx) {
    const conditions = approvals.get(obj);
    if (conditions) {
      applyApproval(obj, old, conditions, ctx.now);
      return;
    }
    // requests are immutable after creation except through status and approval
    obj.spec = clone(old.spec);
    obj.status = clone(old.status);
  },
  validate: (obj) => validateCertificateSigningRequest(obj),
  // The main resource keeps spec and status, so only a status write gets here with changes:
  // it may set the certificate once, never Approved/Denied (ValidateCertificateSigningRequestStatusUpdate).
  validateUpdate: (obj, old) =>
    validateUpdateRules(obj, old, { approval: false, certificate: true }),
  selectableFields: { 'spec.signerName': (obj) => obj.spec?.signerName ?? '' },
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    { name: 'SignerName', type: 'string', description: 'The signer the request is for.' },
    { name: 'Requestor', type: 'string', description: 'The user who created the request.' },
    {
      name: 'RequestedDuration',
      type: 'string',
      description: 'The validity the request asks for.',
    },
    {
      name: 'Condition',
      type: 'string',
      description: 'Approval state and whether a certificate was issued.',
    },
  ],
  row: (obj, ctx) => [
    obj.metadata.name,
    age(obj, ctx),
    obj.spec?.signerName || '<none>',
    obj.spec?.username ?? '',
    typeof obj.spec?.expirationSeconds === 'number'
      ? humanDuration(obj.spec.expirationSeconds * 1000)
      : '<none>',
    csrCondition(obj),
  ],
};
