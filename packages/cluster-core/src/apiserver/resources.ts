/**
 * The resources one cluster serves: every built-in definition at each served version, plus
 * those that CustomResourceDefinitions add while the cluster runs.
 */
import type { GroupResource } from '../api/errors';
import type { KubeObject } from '../api/object';
import { ALL_VERBS, type ResourceDefinition, type Verb } from '../registry/types';
import { storageKey } from '../store/store';

export interface ServedResource {
  def: ResourceDefinition;
  group: string;
  /** The version this entry serves (may differ from def.version). */
  version: string;
  /** `v1` or `apps/v1`. */
  apiVersion: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: Verb[];
  /** Storage collection key (`group/plural`). */
  storage: string;
  gr: GroupResource;
  /** Served form to storage form. */
  toStorage(obj: KubeObject): KubeObject;
  /** Storage form to served form. */
  fromStorage(obj: KubeObject): KubeObject;
  /** The served version the group prefers (listed first in discovery). */
  preferred: boolean;
  /** The CRD's openAPIV3Schema for custom resources. */
  schema?: unknown;
}

const identity = (obj: KubeObject) => obj;

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

function withApiVersion(obj: KubeObject, apiVersion: string, kind: string): KubeObject {
  if (obj.apiVersion === apiVersion && obj.kind === kind) return obj;
  return { ...obj, apiVersion, kind };
}

/** Expands one definition into a ServedResource per served version. */
export function servedResources(def: ResourceDefinition, schema?: unknown): ServedResource[] {
  const storage = def.sharesStorageWith
    ? storageKey(def.sharesStorageWith.group, def.sharesStorageWith.plural)
    : storageKey(def.group, def.plural);
  const base = {
    def,
    group: def.group,
    kind: def.kind,
    plural: def.plural,
    singular: def.singular ?? def.kind.toLowerCase(),
    namespaced: def.namespaced,
    verbs: def.verbs ?? ALL_VERBS,
    storage,
    gr: { group: def.group, resource: def.plural },
    schema,
  };
  const shared = def.sharesStorageWith;
  const storageApiVersion = apiVersionOf(def.group, def.version);
  const primary: ServedResource = {
    ...base,
    version: def.version,
    apiVersion: storageApiVersion,
    toStorage: shared ? (o) => shared.toStorage(o) : identity,
    fromStorage: shared
      ? (o) => withApiVersion(shared.fromStorage(o), storageApiVersion, def.kind)
      : identity,
    preferred: true,
  };
  const others = (def.otherVersions ?? []).map((v): ServedResource => {
    const apiVersion = apiVersionOf(def.group, v.version);
    return {
      ...base,
      version: v.version,
      apiVersion,
      toStorage: (o) => withApiVersion(v.toStorage(o), storageApiVersion, def.kind),
      fromStorage: (o) => withApiVersion(v.fromStorage(o), apiVersion, def.kind),
      preferred: false,
    };
  });
  return [primary, ...others];
}

export class ResourceTable {
  private byPath = new Map<string, ServedResource>();
  private ordered: ServedResource[] = [];

  constructor(definitions: ResourceDefinition[]) {
    for (const def of definitions) this.add(servedResources(def));
  }

  add(resources: ServedResource[]): void {
    for (const r of resources) {
      const key = `${r.group}/${r.version}/${r.plural}`;
      if (!this.byPath.has(key)) this.ordered.push(r);
      else this.ordered = this.ordered.map((o) => (o === this.byPath.get(key) ? r : o));
      this.byPath.set(key, r);
    }
  }

  removeWhere(predicate: (r: ServedResource) => boolean): void {
    this.ordered = this.ordered.filter((r) => !predicate(r));
    this.byPath = new Map(this.ordered.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
  }

  find(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** The preferred served version of a group's resource (for GC and controllers). */
  preferred(group: string, plural: string): ServedResource | undefined {
    return this.ordered.find((r) => r.group === group && r.plural === plural && r.preferred);
  }

  /** The resource serving a kind at an apiVersion (ownerReferences name kinds). */
  byKind(apiVersion: string, kind: string): ServedResource | undefined {
    return this.ordered.find((r) => r.apiVersion === apiVersion && r.kind === kind);
  }

  all(): ServedResource[] {
    return this.ordered;
  }
}
