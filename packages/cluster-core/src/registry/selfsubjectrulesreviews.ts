/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview (`kubectl auth can-i --list`): every rule
 * the requesting user holds in spec.namespace (pkg/registry/authorization/selfsubjectrulesreview).
 */
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import { rulesFor } from '../auth/rbac';
import { AUTHORIZATION_GROUP } from './access-review';
import type { ResourceDefinition } from './types';

export const selfSubjectRulesReviews: ResourceDefinition = {
  group: AUTHORIZATION_GROUP,
  version: 'v1',
  kind: 'SelfSubjectRulesReview',
  plural: 'selfsubjectrulesreviews',
  namespaced: false,
  verbs: ['create'],
  computeOnCreate(obj, ctx) {
    const namespace = obj.spec?.namespace ?? '';
    if (!namespace) throw badRequest('no namespace on request');
    const rules = rulesFor(ctx.user, namespace, ctx);
    const status: Record<string, unknown> = {
      resourceRules: rules.resourceRules,
      nonResourceRules: rules.nonResourceRules,
      incomplete: rules.incomplete,
    };
    if (rules.evaluationError) status.evaluationError = rules.evaluationError;
    const metadata = { creationTimestamp: null } as unknown as KubeObject['metadata'];
    return { kind: obj.kind, apiVersion: obj.apiVersion, metadata, spec: obj.spec, status };
  },
  columns: [],
  row: () => [],
};
