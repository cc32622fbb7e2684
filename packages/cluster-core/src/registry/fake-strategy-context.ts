/** An in-memory StrategyContext for unit tests of registry definitions. */
import type { KubeObject } from '../api/object';
import type { StrategyContext, UserInfo } from './types';

export interface FakeObject {
  group: string;
  plural: string;
  object: KubeObject;
}

export const ADMIN: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};

export function fakeContext(
  objects: FakeObject[] = [],
  user: UserInfo = ADMIN,
  now = Date.parse('2024-01-01T00:00:00Z'),
): StrategyContext {
  const matches = (o: FakeObject, group: string, plural: string) =>
    o.group === group && o.plural === plural;
  return {
    now,
    user,
    get: (group, plural, namespace, name) =>
      objects.find(
        (o) =>
          matches(o, group, plural) &&
          o.object.metadata.name === name &&
          (o.object.metadata.namespace ?? undefined) === (namespace ?? undefined),
      )?.object,
    list: (group, plural, namespace) =>
      objects
        .filter(
          (o) =>
            matches(o, group, plural) &&
            (namespace === undefined || o.object.metadata.namespace === namespace),
        )
        .map((o) => o.object),
  };
}
