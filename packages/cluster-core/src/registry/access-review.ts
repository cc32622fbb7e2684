/**
 * What the SubjectAccessReview kinds share (pkg/registry/authorization, pkg/apis/authorization/validation):
 * spec validation, the attributes a review asks about, and the computed answer.
 */
import { badRequest, invalid } from '../api/errors';
import { type FieldError, invalidValue } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { type AuthorizationAttributes, authorize } from '../auth/rbac';
import type { Obj } from './spec-access';
import type { StrategyContext, UserInfo } from './types';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

/** ValidateSubjectAccessReviewSpec's attribute checks (the self reviews have no user to check). */
export function validateReviewSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec?.resourceAttributes != null && spec?.nonResourceAttributes != null) {
    errs.push(
      invalidValue(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (spec?.resourceAttributes == null && spec?.nonResourceAttributes == null) {
    // upstream passes the nil nonResourceAttributes pointer, printed as "null"
    errs.push(
      invalidValue(
        'spec.resourceAttributes',
        'null',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  return errs;
}

/**
 * ValidateSubjectAccessReviewSpec, for SubjectAccessReview and LocalSubjectAccessReview: the
 * attributes as above, and a user or groups to ask about.
 */
export function validateSubjectReviewSpec(spec: Obj): FieldError[] {
  const errs = validateReviewSpec(spec);
  if (!spec.user && !(spec.groups ?? []).length)
    errs.push(
      invalidValue('spec.user', spec.user ?? '', 'at least one of user or group must be specified'),
    );
  return errs;
}

/** The user a (Local)SubjectAccessReview asks about, from its spec. */
export function reviewedUser(spec: Obj): UserInfo {
  return { username: spec.user ?? '', uid: spec.uid, groups: spec.groups ?? [], extra: spec.extra };
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom */
export function reviewAttributes(spec: Obj): AuthorizationAttributes {
  const ra = spec?.resourceAttributes;
  if (ra) {
    return {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      version: ra.version ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource ?? '',
      namespace: ra.namespace ?? '',
      name: ra.name ?? '',
    };
  }
  const nra = spec?.nonResourceAttributes ?? {};
  return {
    verb: nra.verb ?? '',
    group: '',
    version: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path: nra.path ?? '',
  };
}

/** The review as the REST returns it: no object metadata, and the decision in status. */
export function answerReview(
  obj: KubeObject,
  user: UserInfo,
  ctx: StrategyContext,
  errs: FieldError[],
): KubeObject {
  if (errs.length) throw invalid(AUTHORIZATION_GROUP, obj.kind, obj.metadata?.name ?? '', errs);
  const decision = authorize(user, reviewAttributes(obj.spec), ctx);
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  const metadata = { creationTimestamp: null } as unknown as KubeObject['metadata'];
  if (obj.metadata?.namespace) metadata.namespace = obj.metadata.namespace;
  return { kind: obj.kind, apiVersion: obj.apiVersion, metadata, spec: obj.spec, status };
}

export function requireNamespaceMatch(obj: KubeObject): void {
  const ns = obj.metadata?.namespace ?? '';
  const ra = obj.spec?.resourceAttributes;
  if (ra && (ra.namespace ?? '') !== ns)
    throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${ns}`);
}
