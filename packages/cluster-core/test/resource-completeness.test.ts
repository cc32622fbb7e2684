/**
 * Every kind the cluster serves is complete: discovery lists it with upstream's short names and
 * categories (read through the real kubectl's `api-resources -o wide`), /openapi/v2 and
 * /openapi/v3 publish its schema, a kind that takes request bodies has its protobuf message
 * (kubectl 1.32+ may send protobuf), and its table has upstream's printer columns.
 *
 * The oracle is upstream, written here as data: `kubectl api-resources -o wide` of a 1.33
 * kube-apiserver with its default APIs (plus metrics-server), and the column definitions of
 * kubernetes/kubernetes pkg/printers/internalversion/printers.go at release-1.33 (kinds without
 * a printer there get the default table: Name, Created At). A column with `*` has priority 1
 * (`-o wide` only).
 */
import type { ServedResource } from '../src/apiserver/resources';
import { toOpenAPIResources } from '../src/openapi/http-provider';
import { servedDefinitions } from '../src/openapi/served-definitions';
import { openapiV2 } from '../src/openapi/v2';
import { openapiV3Document } from '../src/openapi/v3';
import { messageForKind } from '../src/protobuf/scheme';
import {
  KUBECTL_VERSIONS,
  type KubectlVersion,
  startCluster,
  type TestCluster,
} from './kubectl/harness';

interface Upstream {
  /** `kubectl api-resources` columns: NAME APIVERSION (SHORTNAMES, CATEGORIES comma-separated). */
  shortNames?: string;
  categories?: string;
  namespaced: boolean;
  /** printers.go column names, `*` for priority 1; undefined for kinds that cannot be listed. */
  columns?: string;
}

const DEFAULT_TABLE = 'Name,Created At';
const WORKLOAD_WIDE = 'Containers*,Images*,Selector*';

/** `plural.group` (core: `plural`) → upstream 1.33. */
const UPSTREAM_1_33: Record<string, Upstream> = {
  bindings: { namespaced: true },
  componentstatuses: {
    shortNames: 'cs',
    namespaced: false,
    columns: 'Name,Status,Message,Error',
  },
  configmaps: { shortNames: 'cm', namespaced: true, columns: 'Name,Data,Age' },
  endpoints: { shortNames: 'ep', namespaced: true, columns: 'Name,Endpoints,Age' },
  events: {
    shortNames: 'ev',
    namespaced: true,
    columns: 'Last Seen,Type,Reason,Object,Subobject*,Source*,Message,First Seen*,Count*,Name*',
  },
  limitranges: { shortNames: 'limits', namespaced: true, columns: DEFAULT_TABLE },
  namespaces: { shortNames: 'ns', namespaced: false, columns: 'Name,Status,Age' },
  nodes: {
    shortNames: 'no',
    namespaced: false,
    columns:
      'Name,Status,Roles,Age,Version,Internal-IP*,External-IP*,OS-Image*,Kernel-Version*,Container-Runtime*',
  },
  persistentvolumeclaims: {
    shortNames: 'pvc',
    namespaced: true,
    columns:
      'Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,VolumeMode*',
  },
  persistentvolumes: {
    shortNames: 'pv',
    namespaced: false,
    columns:
      'Name,Capacity,Access Modes,Reclaim Policy,Status,Claim,StorageClass,VolumeAttributesClass,Reason,Age,VolumeMode*',
  },
  pods: {
    shortNames: 'po',
    categories: 'all',
    namespaced: true,
    columns: 'Name,Ready,Status,Restarts,Age,IP*,Node*,Nominated Node*,Readiness Gates*',
  },
  podtemplates: { namespaced: true, columns: 'Name,Containers,Images,Pod Labels' },
  replicationcontrollers: {
    shortNames: 'rc',
    categories: 'all',
    namespaced: true,
    columns: `Name,Desired,Current,Ready,Age,${WORKLOAD_WIDE}`,
  },
  resourcequotas: { shortNames: 'quota', namespaced: true, columns: 'Name,Request,Limit,Age' },
  secrets: { namespaced: true, columns: 'Name,Type,Data,Age' },
  serviceaccounts: { shortNames: 'sa', namespaced: true, columns: 'Name,Secrets,Age' },
  services: {
    shortNames: 'svc',
    categories: 'all',
    namespaced: true,
    columns: 'Name,Type,Cluster-IP,External-IP,Port(s),Age,Selector*',
  },
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': {
    categories: 'api-extensions',
    namespaced: false,
    columns: 'Name,Webhooks,Age',
  },
  'validatingadmissionpolicies.admissionregistration.k8s.io': {
    categories: 'api-extensions',
    namespaced: false,
    columns: 'Name,Validations,ParamKind,Age',
  },
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': {
    categories: 'api-extensions',
    namespaced: false,
    columns: 'Name,PolicyName,ParamRef,Age',
  },
  'validatingwebhookconfigurations.admissionregistration.k8s.io': {
    categories: 'api-extensions',
    namespaced: false,
    columns: 'Name,Webhooks,Age',
  },
  'customresourcedefinitions.apiextensions.k8s.io': {
    shortNames: 'crd,crds',
    categories: 'api-extensions',
    namespaced: false,
    columns: DEFAULT_TABLE,
  },
  'apiservices.apiregistration.k8s.io': {
    categories: 'api-extensions',
    namespaced: false,
    columns: 'Name,Service,Available,Age',
  },
  'controllerrevisions.apps': { namespaced: true, columns: 'Name,Controller,Revision,Age' },
  'daemonsets.apps': {
    shortNames: 'ds',
    categories: 'all',
    namespaced: true,
    columns: `Name,Desired,Current,Ready,Up-to-date,Available,Node Selector,Age,${WORKLOAD_WIDE}`,
  },
  'deployments.apps': {
    shortNames: 'deploy',
    categories: 'all',
    namespaced: true,
    columns: `Name,Ready,Up-to-date,Available,Age,${WORKLOAD_WIDE}`,
  },
  'replicasets.apps': {
    shortNames: 'rs',
    categories: 'all',
    namespaced: true,
    columns: `Name,Desired,Current,Ready,Age,${WORKLOAD_WIDE}`,
  },
  'statefulsets.apps': {
    shortNames: 'sts',
    categories: 'all',
    namespaced: true,
    columns: 'Name,Ready,Age,Containers*,Images*',
  },
  'selfsubjectreviews.authentication.k8s.io': { namespaced: false },
  'tokenreviews.authentication.k8s.io': { namespaced: false },
  'localsubjectaccessreviews.authorization.k8s.io': { namespaced: true },
  'selfsubjectaccessreviews.authorization.k8s.io': { namespaced: false },
  'selfsubjectrulesreviews.authorization.k8s.io': { namespaced: false },
  'subjectaccessreviews.authorization.k8s.io': { namespaced: false },
  'horizontalpodautoscalers.autoscaling': {
    shortNames: 'hpa',
    categories: 'all',
    namespaced: true,
    columns: 'Name,Reference,Targets,MinPods,MaxPods,Replicas,Age',
  },
  'cronjobs.batch': {
    shortNames: 'cj',
    categories: 'all',
    namespaced: true,
    columns: `Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,${WORKLOAD_WIDE}`,
  },
  'jobs.batch': {
    categories: 'all',
    namespaced: true,
    columns: `Name,Status,Completions,Duration,Age,${WORKLOAD_WIDE}`,
  },
  'certificatesigningrequests.certificates.k8s.io': {
    shortNames: 'csr',
    namespaced: false,
    columns: 'Name,Age,SignerName,Requestor,RequestedDuration,Condition',
  },
  'leases.coordination.k8s.io': { namespaced: true, columns: 'Name,Holder,Age' },
  'endpointslices.discovery.k8s.io': {
    namespaced: true,
    columns: 'Name,AddressType,Ports,Endpoints,Age',
  },
  'events.events.k8s.io': {
    shortNames: 'ev',
    namespaced: true,
    columns: 'Last Seen,Type,Reason,Object,Subobject*,Source*,Message,First Seen*,Count*,Name*',
  },
  'flowschemas.flowcontrol.apiserver.k8s.io': {
    namespaced: false,
    columns: 'Name,PriorityLevel,MatchingPrecedence,DistinguisherMethod,Age,MissingPL',
  },
  'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io': {
    namespaced: false,
    columns: 'Name,Type,NominalConcurrencyShares,Queues,HandSize,QueueLengthLimit,Age',
  },
  // metrics-server pkg/api/table.go: a column per resource name of the usage
  'nodes.metrics.k8s.io': { namespaced: false, columns: 'Name,cpu,memory,Window' },
  'pods.metrics.k8s.io': { namespaced: true, columns: 'Name,cpu,memory,Window' },
  'ingressclasses.networking.k8s.io': {
    namespaced: false,
    columns: 'Name,Controller,Parameters,Age',
  },
  'ingresses.networking.k8s.io': {
    shortNames: 'ing',
    namespaced: true,
    columns: 'Name,Class,Hosts,Address,Ports,Age',
  },
  'ipaddresses.networking.k8s.io': {
    shortNames: 'ip',
    namespaced: false,
    columns: 'Name,ParentRef',
  },
  'networkpolicies.networking.k8s.io': {
    shortNames: 'netpol',
    namespaced: true,
    columns: 'Name,Pod-Selector,Age',
  },
  'servicecidrs.networking.k8s.io': { namespaced: false, columns: 'Name,CIDRs,Age' },
  'runtimeclasses.node.k8s.io': { namespaced: false, columns: 'Name,Handler,Age' },
  'poddisruptionbudgets.policy': {
    shortNames: 'pdb',
    namespaced: true,
    columns: 'Name,Min Available,Max Unavailable,Allowed Disruptions,Age',
  },
  'clusterrolebindings.rbac.authorization.k8s.io': {
    namespaced: false,
    columns: 'Name,Role,Age,Users*,Groups*,ServiceAccounts*',
  },
  'clusterroles.rbac.authorization.k8s.io': { namespaced: false, columns: DEFAULT_TABLE },
  'rolebindings.rbac.authorization.k8s.io': {
    namespaced: true,
    columns: 'Name,Role,Age,Users*,Groups*,ServiceAccounts*',
  },
  'roles.rbac.authorization.k8s.io': { namespaced: true, columns: DEFAULT_TABLE },
  'priorityclasses.scheduling.k8s.io': {
    shortNames: 'pc',
    namespaced: false,
    columns: 'Name,Value,Global-Default,Age,PreemptionPolicy',
  },
  'csidrivers.storage.k8s.io': {
    namespaced: false,
    columns:
      'Name,AttachRequired,PodInfoOnMount,StorageCapacity,TokenRequests,RequiresRepublish,Modes,Age',
  },
  'csinodes.storage.k8s.io': { namespaced: false, columns: 'Name,Drivers,Age' },
  'csistoragecapacities.storage.k8s.io': {
    namespaced: true,
    columns: 'Name,StorageClassName,Capacity',
  },
  'storageclasses.storage.k8s.io': {
    shortNames: 'sc',
    namespaced: false,
    columns: 'Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age',
  },
  'volumeattachments.storage.k8s.io': {
    namespaced: false,
    columns: 'Name,Attacher,PV,Node,Attached,Age',
  },
};

/** kubectl's protobuf bodies only go to kinds that take one. */
const takesBody = (r: ServedResource) =>
  r.verbs.some((v) => v === 'create' || v === 'update' || v === 'patch');

const keyOf = (r: { plural: string; group: string }) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;

let h: TestCluster;
let served: ServedResource[];
const apiResources = new Map<KubectlVersion, Map<string, Record<string, string>>>();

/** Parses `kubectl api-resources -o wide` by its header's column offsets. */
function parseApiResources(text: string): Map<string, Record<string, string>> {
  const [header, ...lines] = text.split('\n').filter((l) => l.trim());
  const names = header.split(/\s+/).filter(Boolean);
  const starts = names.map((n) => header.indexOf(n));
  const out = new Map<string, Record<string, string>>();
  for (const line of lines) {
    const row: Record<string, string> = {};
    names.forEach((n, i) => {
      row[n] = line.slice(starts[i], starts[i + 1]).trim();
    });
    const [group] = row.APIVERSION.includes('/') ? row.APIVERSION.split('/') : [''];
    out.set(keyOf({ plural: row.NAME, group }), row);
  }
  return out;
}

beforeAll(async () => {
  h = await startCluster();
  served = h.cluster.core.resources.all();
  for (const version of KUBECTL_VERSIONS)
    apiResources.set(
      version,
      parseApiResources(await h.ok(['api-resources', '-o', 'wide'], { version })),
    );
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('every served kind is complete', () => {
  test('each served resource is one a 1.33 cluster serves, at the same scope', () => {
    const unknown = served
      .filter((r) => UPSTREAM_1_33[keyOf(r)]?.namespaced !== r.namespaced)
      .map((r) => `${r.apiVersion} ${r.plural}`);
    expect(unknown).toEqual([]);
  });

  test.each(KUBECTL_VERSIONS)(
    'kubectl %s api-resources lists each with upstream short names and categories',
    (version) => {
      const wrong: string[] = [];
      for (const key of new Set(served.map(keyOf))) {
        const row = apiResources.get(version)?.get(key);
        const up = UPSTREAM_1_33[key];
        if (!row) wrong.push(`${key}: not in kubectl api-resources`);
        else if (row.SHORTNAMES !== (up?.shortNames ?? ''))
          wrong.push(`${key}: short names '${row.SHORTNAMES}', upstream '${up?.shortNames ?? ''}'`);
        else if (row.CATEGORIES !== (up?.categories ?? ''))
          wrong.push(`${key}: categories '${row.CATEGORIES}', upstream '${up?.categories ?? ''}'`);
      }
      expect(wrong).toEqual([]);
    },
  );

  test('/openapi/v2 and /openapi/v3 publish the schema of each served kind', () => {
    const resources = toOpenAPIResources(served);
    const definitions = servedDefinitions(resources);
    const v2 = (openapiV2(resources).json as { definitions: Record<string, unknown> }).definitions;
    const missing: string[] = [];
    for (const r of served) {
      const name = definitions.definitionName(r.group, r.version, r.kind);
      const gvPath = r.group ? `apis/${r.group}/${r.version}` : 'api/v1';
      const body = openapiV3Document(resources, gvPath)?.body as
        | { components: { schemas: Record<string, unknown> } }
        | undefined;
      const v3 = body?.components.schemas;
      if (!name) missing.push(`${r.apiVersion} ${r.kind}: no definition`);
      else if (!v2[name]) missing.push(`${r.apiVersion} ${r.kind}: not in /openapi/v2`);
      else if (!v3?.[name]) missing.push(`${r.apiVersion} ${r.kind}: not in /openapi/v3/${gvPath}`);
    }
    expect(missing).toEqual([]);
  });

  test('each kind that takes a request body has its protobuf message', () => {
    const missing = served
      .filter(takesBody)
      .filter((r) => !messageForKind(r.apiVersion, r.kind))
      .map((r) => `${r.apiVersion} ${r.kind}`);
    expect(missing).toEqual([]);
  });

  test('tables have the columns upstream prints', () => {
    const wrong: string[] = [];
    for (const r of served.filter((s) => s.preferred && s.verbs.includes('list'))) {
      const expected = UPSTREAM_1_33[keyOf(r)]?.columns;
      const actual = r.def.columns.map((c) => `${c.name}${c.priority ? '*' : ''}`).join(',');
      if (actual !== expected)
        wrong.push(`${keyOf(r)}: ${actual || '(none)'} — upstream ${expected}`);
    }
    expect(wrong).toEqual([]);
  });
});
