/**
 * The REST operations of the served resources, as the apiserver's endpoint installer
 * (k8s.io/apiserver/pkg/endpoints/installer.go) publishes them in OpenAPI: one operation per verb
 * and path, each tagged with `x-kubernetes-action` and `x-kubernetes-group-version-kind`.
 * v2.ts and v3.ts render the same list in their own document style.
 */
import type { GroupVersionKind } from './definitions';
import type {
  ServedDefinitions,
  ServedResource,
  SubresourceOperations,
} from './served-definitions';

export type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  path: string;
  method: Method;
  action: Action;
  operationId: string;
  description: string;
  gvk: GroupVersionKind;
  /** Definition names of the request body and the 200 response. */
  body?: string;
  response: string;
  /** PATCH without strategic merge patch: CRD-defined kinds, as upstream. */
  noStrategicMerge?: boolean;
  namespaced: boolean;
  named: boolean;
  /** Query parameters besides `pretty`. */
  query: string[];
}

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const WRITE_QUERY = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH_QUERY = [...WRITE_QUERY, 'force'];
const DELETE_QUERY = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
const LIST_QUERY = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];

/** The operations of the subresources every kind may have (the others come with the resource). */
const GENERIC_SUBRESOURCES: Record<string, SubresourceOperations> = {
  status: { methods: ['get', 'put', 'patch'] },
  scale: {
    gvk: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    methods: ['get', 'put', 'patch'],
  },
};

/** `api/v1` or `apis/apps/v1`, the key of /openapi/v3's index. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** e.g. AppsV1, CoreV1, NetworkingV1, RbacAuthorizationV1 (installer.go's operation id prefix). */
function operationGroupVersion(group: string, version: string): string {
  const g = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
  const pascal = g
    .split('.')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return pascal + version.charAt(0).toUpperCase() + version.slice(1);
}

export function resourceOperations(served: ServedDefinitions, r: ServedResource): Operation[] {
  const ops: Operation[] = [];
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const kindDef = served.definitionName(r.group, r.version, r.kind);
  const listDef = served.definitionName(r.group, r.version, r.listKind ?? `${r.kind}List`);
  if (!kindDef) return ops;
  const prefix = `/${groupVersionPath(r.group, r.version)}`;
  const collection = r.namespaced
    ? `${prefix}/namespaces/{namespace}/${r.plural}`
    : `${prefix}/${r.plural}`;
  const item = `${collection}/{name}`;
  const gv = operationGroupVersion(r.group, r.version);
  const scope = r.namespaced ? 'Namespaced' : '';
  const verbs = new Set(r.verbs);
  const isCustom = r.schema !== undefined;
  const add = (op: Omit<Operation, 'namespaced' | 'gvk'> & { gvk?: GroupVersionKind }) =>
    ops.push({
      gvk,
      namespaced: r.namespaced,
      ...op,
      ...(isCustom && op.method === 'patch' ? { noStrategicMerge: true } : {}),
    });

  if (verbs.has('list') && listDef) {
    add({
      path: collection,
      method: 'get',
      action: 'list',
      operationId: `list${gv}${scope}${r.kind}`,
      description: `list or watch objects of kind ${r.kind}`,
      response: listDef,
      named: false,
      query: LIST_QUERY,
    });
    if (r.namespaced) {
      ops.push({
        path: `${prefix}/${r.plural}`,
        method: 'get',
        action: 'list',
        operationId: `list${gv}${r.kind}ForAllNamespaces`,
        description: `list or watch objects of kind ${r.kind}`,
        gvk,
        response: listDef,
        namespaced: false,
        named: false,
        query: LIST_QUERY,
      });
    }
  }
  if (verbs.has('create')) {
    add({
      path: collection,
      method: 'post',
      action: 'post',
      operationId: `create${gv}${scope}${r.kind}`,
      description: `create a ${r.kind}`,
      body: kindDef,
      response: kindDef,
      named: false,
      query: WRITE_QUERY,
    });
  }
  if (verbs.has('deletecollection')) {
    add({
      path: collection,
      method: 'delete',
      action: 'deletecollection',
      operationId: `deletecollection${gv}${scope}${r.kind}`,
      description: `delete collection of ${r.kind}`,
      response: STATUS,
      named: false,
      query: [...DELETE_QUERY, ...LIST_QUERY],
    });
  }
  if (verbs.has('get')) {
    add({
      path: item,
      method: 'get',
      action: 'get',
      operationId: `read${gv}${scope}${r.kind}`,
      description: `read the specified ${r.kind}`,
      response: kindDef,
      named: true,
      query: [],
    });
  }
  if (verbs.has('update')) {
    add({
      path: item,
      method: 'put',
      action: 'put',
      operationId: `replace${gv}${scope}${r.kind}`,
      description: `replace the specified ${r.kind}`,
      body: kindDef,
      response: kindDef,
      named: true,
      query: WRITE_QUERY,
    });
  }
  if (verbs.has('patch')) {
    add({
      path: item,
      method: 'patch',
      action: 'patch',
      operationId: `patch${gv}${scope}${r.kind}`,
      description: `partially update the specified ${r.kind}`,
      body: 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
      response: kindDef,
      named: true,
      query: PATCH_QUERY,
    });
  }
  if (verbs.has('delete')) {
    add({
      path: item,
      method: 'delete',
      action: 'delete',
      operationId: `delete${gv}${scope}${r.kind}`,
      description: `delete a ${r.kind}`,
      body: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      response: STATUS,
      named: true,
      query: DELETE_QUERY,
    });
  }

  for (const sub of r.subresources) {
    const spec = GENERIC_SUBRESOURCES[sub] ?? r.subresourceOperations?.[sub];
    if (!spec) continue;
    const subGVK = spec.gvk ?? gvk;
    const subDef = spec.gvk
      ? served.definitionName(subGVK.group, subGVK.version, subGVK.kind)
      : kindDef;
    if (!subDef) continue;
    const Sub = sub.charAt(0).toUpperCase() + sub.slice(1);
    const path = `${item}/${sub}`;
    for (const method of spec.methods) {
      const common = { path, gvk: subGVK, named: true, response: subDef };
      if (method === 'get')
        add({
          ...common,
          method,
          action: 'get',
          operationId: `read${gv}${scope}${r.kind}${Sub}`,
          description: `read ${sub} of the specified ${r.kind}`,
          query: [],
        });
      if (method === 'put')
        add({
          ...common,
          method,
          action: 'put',
          operationId: `replace${gv}${scope}${r.kind}${Sub}`,
          description: `replace ${sub} of the specified ${r.kind}`,
          body: subDef,
          query: WRITE_QUERY,
        });
      if (method === 'patch')
        add({
          ...common,
          method,
          action: 'patch',
          operationId: `patch${gv}${scope}${r.kind}${Sub}`,
          description: `partially update ${sub} of the specified ${r.kind}`,
          body: 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
          query: PATCH_QUERY,
        });
      if (method === 'post')
        add({
          ...common,
          method,
          action: 'post',
          operationId: `create${gv}${scope}${r.kind}${Sub}`,
          description: `create ${sub} of a ${r.kind}`,
          body: subDef,
          query: WRITE_QUERY,
        });
    }
  }
  return ops;
}

/** Short texts for the query parameters (kubectl only looks at their names). */
export const QUERY_PARAMETER_DOCS: Record<
  string,
  { type: 'string' | 'boolean' | 'integer'; description: string }
> = {
  pretty: { type: 'string', description: "If 'true', the output is pretty printed." },
  dryRun: {
    type: 'string',
    description: 'When present, modifications are not persisted. Valid values: All.',
  },
  fieldManager: { type: 'string', description: 'Name of the actor making these changes.' },
  fieldValidation: {
    type: 'string',
    description:
      'How the server handles unknown or duplicate fields in the request body: Ignore, Warn (the default) or Strict.',
  },
  force: {
    type: 'boolean',
    description: 'Force an apply request, taking over conflicting fields. Only for apply patches.',
  },
  gracePeriodSeconds: { type: 'integer', description: 'Seconds before the object is deleted.' },
  orphanDependents: { type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
  propagationPolicy: {
    type: 'string',
    description: 'Garbage collection policy: Orphan, Background or Foreground.',
  },
  allowWatchBookmarks: { type: 'boolean', description: 'Ask for BOOKMARK watch events.' },
  continue: { type: 'string', description: 'Continue token from a previous chunked list.' },
  fieldSelector: { type: 'string', description: 'Restricts the returned objects by their fields.' },
  labelSelector: { type: 'string', description: 'Restricts the returned objects by their labels.' },
  limit: { type: 'integer', description: 'Maximum number of objects to return.' },
  resourceVersion: {
    type: 'string',
    description: 'Constrains which resource versions the request may be served from.',
  },
  resourceVersionMatch: {
    type: 'string',
    description: 'How resourceVersion applies to list calls.',
  },
  sendInitialEvents: {
    type: 'boolean',
    description: 'Start a watch with synthetic events for the current state.',
  },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list/watch call.' },
  watch: { type: 'boolean', description: 'Watch for changes instead of listing.' },
};

export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
