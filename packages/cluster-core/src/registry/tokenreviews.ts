/**
 * authentication.k8s.io/v1 TokenReview: who does a bearer token stand for?
 * (pkg/registry/authentication/tokenreview). Tokens are checked by the API server's
 * authenticator, which the StrategyContext may offer as `authenticate(token)`.
 */
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ResourceDefinition, StrategyContext, UserInfo } from './types';

/** What an API server passes in its StrategyContext so TokenReview can authenticate. */
export interface TokenAuthenticatingContext extends StrategyContext {
  authenticate?(token: string): UserInfo | undefined;
}

export const tokenReviews: ResourceDefinition = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'TokenReview',
  plural: 'tokenreviews',
  namespaced: false,
  verbs: ['create'],
  computeOnCreate(obj, ctx) {
    const token: string = obj.spec?.token ?? '';
    if (!token) throw badRequest('token is required for TokenReview in authentication');
    const user = (ctx as TokenAuthenticatingContext).authenticate?.(token);
    const status: Record<string, unknown> = { user: {} };
    if (user) {
      status.authenticated = true;
      const info: Record<string, unknown> = { username: user.username };
      if (user.uid) info.uid = user.uid;
      if (user.groups.length) info.groups = user.groups;
      if (user.extra) info.extra = user.extra;
      status.user = info;
      const audiences: string[] = obj.spec?.audiences ?? [];
      status.audiences = audiences.length
        ? audiences
        : ['https://kubernetes.default.svc.cluster.local'];
    } else {
      status.error = 'invalid bearer token';
    }
    const metadata = { creationTimestamp: null } as unknown as KubeObject['metadata'];
    return { kind: obj.kind, apiVersion: obj.apiVersion, metadata, spec: obj.spec, status };
  },
  columns: [],
  row: () => [],
};
