/**
 * Discovery documents: legacy (/api, /apis, /api/v1, /apis/<g>/<v>) and aggregated
 * (apidiscovery.k8s.io v2 and v2beta1), from the same served-resource table.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object';
import { compareGroups } from './api-group-priorities';
import type { ServedResource } from './resources';

interface GroupVersions {
  name: string;
  /** Preferred first. */
  versions: string[];
}

/** Versions ordered as upstream's version priority: v2 before v1, GA before beta before alpha. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sb - sa || mb - ma || nb - na;
}

export function groups(resources: ServedResource[]): GroupVersions[] {
  const map = new Map<string, Set<string>>();
  for (const r of resources) {
    if (!map.has(r.group)) map.set(r.group, new Set());
    map.get(r.group)?.add(r.version);
  }
  return [...map.entries()]
    .map(([name, versions]) => ({ name, versions: [...versions].sort(compareVersions) }))
    .sort(compareGroups);
}

export function apiVersions(serverAddress: string): KubeObject {
  return {
    kind: 'APIVersions',
    apiVersion: 'v1',
    metadata: {},
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  } as KubeObject;
}

function apiGroup(g: GroupVersions): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(resources: ServedResource[]): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups(resources)
      .filter((g) => g.name !== '')
      .map(apiGroup),
  };
}

export function apiGroupDocument(
  resources: ServedResource[],
  group: string,
): Record<string, unknown> | undefined {
  const g = groups(resources).find((x) => x.name === group && group !== '');
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) };
}

function storageVersionHash(r: ServedResource): string {
  return createHash('sha256')
    .update(`${r.group}/${r.def.version}/${r.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

interface Subresource {
  name: string;
  verbs: string[];
  kind: { group: string; version: string; kind: string };
}

function subresourcesOf(r: ServedResource): Subresource[] {
  const self = { group: '', version: '', kind: r.kind };
  const subs: Subresource[] = [];
  if (r.def.statusSubresource)
    subs.push({ name: 'status', verbs: ['get', 'patch', 'update'], kind: self });
  if (r.def.scale) {
    subs.push({
      name: 'scale',
      verbs: ['get', 'patch', 'update'],
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    });
  }
  for (const s of r.def.subresources ?? [])
    subs.push({ name: s.name, verbs: s.verbs, kind: s.kind ?? self });
  return subs.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function apiResourceList(
  resources: ServedResource[],
  groupVersion: string,
): Record<string, unknown> | undefined {
  const inGv = resources.filter((r) => r.apiVersion === groupVersion);
  if (!inGv.length) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const r of [...inGv].sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
    const entry: Record<string, unknown> = {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.def.shortNames?.length) entry.shortNames = r.def.shortNames;
    if (r.def.categories?.length) entry.categories = r.def.categories;
    entry.storageVersionHash = storageVersionHash(r);
    entries.push(entry);
    for (const s of subresourcesOf(r)) {
      const sub: Record<string, unknown> = {
        name: `${r.plural}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
      };
      if (s.kind.group) sub.group = s.kind.group;
      if (s.kind.version) sub.version = s.kind.version;
      sub.kind = s.kind.kind;
      sub.verbs = s.verbs;
      entries.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

/** The aggregated discovery document for `/api` (legacy: true) or `/apis`. */
export function aggregatedDiscovery(
  resources: ServedResource[],
  legacy: boolean,
  version: 'v2' | 'v2beta1',
): Record<string, unknown> {
  const items = groups(resources)
    .filter((g) => (legacy ? g.name === '' : g.name !== ''))
    .map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: resources
          .filter((r) => r.group === g.name && r.version === v)
          .sort((a, b) => (a.plural < b.plural ? -1 : 1))
          .map((r) => {
            const entry: Record<string, unknown> = {
              resource: r.plural,
              responseKind: { group: '', version: '', kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular,
              verbs: r.verbs,
            };
            if (r.def.shortNames?.length) entry.shortNames = r.def.shortNames;
            if (r.def.categories?.length) entry.categories = r.def.categories;
            const subs = subresourcesOf(r);
            if (subs.length) {
              entry.subresources = subs.map((s) => ({
                subresource: s.name,
                responseKind: s.kind,
                verbs: s.verbs,
              }));
            }
            return entry;
          }),
        freshness: 'Current',
      })),
    }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items,
  };
}
