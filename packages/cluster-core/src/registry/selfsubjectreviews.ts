/** authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): who the request is. */
import type { KubeObject } from '../api/object';
import type { ResourceDefinition } from './types';

export const selfSubjectReviews: ResourceDefinition = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectReview',
  plural: 'selfsubjectreviews',
  namespaced: false,
  verbs: ['create'],
  // kubectl 1.27 only knows the beta version (v1 went GA in 1.28); both answer the same.
  otherVersions: [{ version: 'v1beta1', toStorage: (o) => o, fromStorage: (o) => o }],
  computeOnCreate: (obj, ctx) => {
    const userInfo: Record<string, unknown> = {
      username: ctx.user.username,
      groups: ctx.user.groups,
    };
    if (ctx.user.uid) userInfo.uid = ctx.user.uid;
    if (ctx.user.extra) userInfo.extra = ctx.user.extra;
    return {
      kind: 'SelfSubjectReview',
      apiVersion: obj.apiVersion,
      metadata: { ...obj.metadata, creationTimestamp: null } as unknown as KubeObject['metadata'],
      status: { userInfo },
    };
  },
  columns: [],
  row: () => [],
};
