/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview (`kubectl auth can-i`): may the requesting
 * user do this? Computed by the RBAC authorizer, never stored.
 */
import { AUTHORIZATION_GROUP, answerReview, validateReviewSpec } from './access-review';
import type { ResourceDefinition } from './types';

export const selfSubjectAccessReviews: ResourceDefinition = {
  group: AUTHORIZATION_GROUP,
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  namespaced: false,
  verbs: ['create'],
  computeOnCreate: (obj, ctx) => answerReview(obj, ctx.user, ctx, validateReviewSpec(obj.spec)),
  columns: [],
  row: () => [],
};
