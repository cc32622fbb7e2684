/**
 * authorization.k8s.io/v1 SubjectAccessReview: may the user or groups in spec do this?
 * (pkg/registry/authorization/subjectaccessreview)
 */
import {
  AUTHORIZATION_GROUP,
  answerReview,
  reviewedUser,
  validateSubjectReviewSpec,
} from './access-review';
import type { ResourceDefinition } from './types';

export const subjectAccessReviews: ResourceDefinition = {
  group: AUTHORIZATION_GROUP,
  version: 'v1',
  kind: 'SubjectAccessReview',
  plural: 'subjectaccessreviews',
  namespaced: false,
  verbs: ['create'],
  computeOnCreate(obj, ctx) {
    const spec = obj.spec ?? {};
    const errs = validateSubjectReviewSpec(spec);
    return answerReview(obj, reviewedUser(spec), ctx, errs);
  },
  columns: [],
  row: () => [],
};
