/**
 * authorization.k8s.io/v1 LocalSubjectAccessReview: a SubjectAccessReview confined to the
 * namespace it is posted in (pkg/registry/authorization/localsubjectaccessreview).
 */
import { invalidValue } from '../api/field-errors';
import {
  AUTHORIZATION_GROUP,
  answerReview,
  requireNamespaceMatch,
  reviewedUser,
  validateSubjectReviewSpec,
} from './access-review';
import type { ResourceDefinition } from './types';

export const localSubjectAccessReviews: ResourceDefinition = {
  group: AUTHORIZATION_GROUP,
  version: 'v1',
  kind: 'LocalSubjectAccessReview',
  plural: 'localsubjectaccessreviews',
  namespaced: true,
  verbs: ['create'],
  computeOnCreate(obj, ctx) {
    const spec = obj.spec ?? {};
    const errs = validateSubjectReviewSpec(spec);
    if (spec.nonResourceAttributes != null) {
      errs.push(
        invalidValue(
          'spec.nonResourceAttributes',
          spec.nonResourceAttributes,
          'disallowed on this kind of request',
        ),
      );
    }
    if (!errs.length) requireNamespaceMatch(obj);
    return answerReview(obj, reviewedUser(spec), ctx, errs);
  },
  columns: [],
  row: () => [],
};
