/**
 * authorization.k8s.io/v1 SubjectAccessReview: may the user or groups in spec do this?
 * (pkg/registry/authorization/subjectaccessreview)
 */
import { invalidValue } from '../api/field-errors';
import { AUTHORIZATION_GROUP, answerReview, validateReviewSpec } from './access-review';
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
    const errs = validateReviewSpec(spec);
    if (!spec.user && !(spec.groups ?? []).length) {
      errs.push(
        invalidValue(
          'spec.user',
          spec.user ?? '',
          'at least one of user or group must be specified',
        ),
      );
    }
    const user = {
      username: spec.user ?? '',
      uid: spec.uid,
      groups: spec.groups ?? [],
      extra: spec.extra,
    };
    return answerReview(obj, user, ctx, errs);
  },
  columns: [],
  row: () => [],
};
