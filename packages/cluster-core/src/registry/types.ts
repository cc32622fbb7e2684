/**
 * One ResourceDefinition per kind, the way upstream's pkg/registry gives each kind a strategy
 * and pkg/printers gives it table columns. The HTTP layer, storage, watch, patch and apply are
 * generic and read only this.
 */

import type { FieldError } from '../api/field-errors';
import type { KubeObject } from '../api/object';
import type { Usage } from '../api/resource-usage';
import type { SubresourceRequest } from '../apiserver/cluster-core';

export type Verb =
  | 'create'
  | 'delete'
  | 'deletecollection'
  | 'get'
  | 'list'
  | 'patch'
  | 'update'
  | 'watch';

export const ALL_VERBS: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** A metav1.TableColumnDefinition. `priority: 1` columns only show with `-o wide`. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: 'name' | 'date' | string;
  description: string;
  priority?: number;
}

/** What a printer may read besides the object: the cluster's clock (ms since epoch). */
export interface PrintContext {
  now: number;
}

/** Where the scale subresource reads and writes, as in a CRD's `subresources.scale`. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A served version other than the storage version, converted on the way in and out. */
export interface ServedVersion {
  version: string;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

/** The authenticated (or impersonated) user of a request, as k8s.io/apiserver user.Info. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Read-only view of the cluster a strategy may consult (e.g. to check a referenced object). */
export interface StrategyContext {
  /** Current time in ms, from the cluster clock. */
  now: number;
  /** Who makes the request (the kubeconfig's admin unless impersonating). */
  user: UserInfo;
  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(group: string, plural: string, namespace?: string): KubeObject[];
  /** Who a bearer token belongs to (TokenReview), as the API server's authenticator decides. */
  authenticate?(token: string): UserInfo | undefined;
  /** Whether the cluster's authorizer allows `user` an action (CEL's `authorizer` variable). */
  authorize?(
    user: UserInfo,
    attrs: {
      verb: string;
      group: string;
      resource: string;
      subresource: string;
      namespace: string;
      name: string;
      path?: string;
    },
  ): { allowed: boolean; reason?: string };
  /**
   * The REST mapping of a served kind or resource (custom resources included), for objects that
   * name other kinds (a ValidatingAdmissionPolicy's paramKind and resourceRules).
   */
  mapping?(query: {
    group: string;
    version: string;
    kind?: string;
    plural?: string;
  }): ResourceMapping | undefined;
}

export interface ResourceMapping {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** What a validating admission plugin sees of a request (k8s.io/apiserver admission.Attributes). */
export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: { group: string; version: string; resource: string };
  /** '' for the main resource. */
  subResource: string;
  kind: { group: string; version: string; kind: string };
  namespaced: boolean;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The object being written, in the version of the request; null on DELETE. */
  object: KubeObject | null;
  /** The stored object on UPDATE and DELETE; null on CREATE. */
  oldObject: KubeObject | null;
  dryRun: boolean;
  /** The response's `Warning:` headers, to add to. */
  warnings: string[];
  /**
   * The request as seen through an equivalent resource (another served version, or a resource
   * sharing the storage), its objects converted: what `matchPolicy: Equivalent` matches.
   */
  equivalents(): AdmissionRequest[];
  /** On an equivalent: the resource and kind the request was made for. */
  requestResource?: AdmissionRequest['resource'];
  requestKind?: AdmissionRequest['kind'];
}

/** A subresource beyond status and scale, as discovery lists it. */
export interface Subresource {
  name: string;
  verbs: Verb[];
  kind?: { group: string; version: string; kind: string };
  /**
   * Published in /openapi/v2 and /openapi/v3 with an operation per verb (the body and response
   * are `kind`, or the resource's own kind without one). Connect subresources (log, exec,
   * attach, portforward, proxy) are not published.
   */
  openapi?: boolean;
  /**
   * Answers the subresource's requests, as upstream's per-subresource REST storage does
   * (pods/log, pods/exec, pods/eviction, services/proxy, serviceaccounts/token). Without it, and
   * unless it is a partial subresource, a request is the API server's 404.
   */
  serve?(request: SubresourceRequest): Promise<void>;
}

/**
 * How ResourceQuotas count a kind (pkg/quota/v1): every namespaced kind is counted as
 * `count/<resource>[.<group>]`; a kind with its own evaluator (pkg/quota/v1/evaluator/core:
 * pods, services, persistentvolumeclaims) says which quota resources it counts and how much an
 * object uses of them.
 */
export interface QuotaDefinition {
  /** The pre-`count/` name objects are also counted under (evaluator/core legacyObjectCountAliases). */
  legacyCount?: string;
  /** MatchingResources: whether the evaluator counts this quota resource name. */
  counts?(resourceName: string): boolean;
  /** Usage: what one object uses of the resources it counts; its updates can change it too. */
  usage?(obj: KubeObject, now: number): Usage;
  /** Whether a quota's scopes select the object; kinds without it count in unscoped quotas only. */
  matchesScopes?(quota: KubeObject, obj: KubeObject): boolean;
  /** The kind's strategy admits its creates against quotas itself (pods). */
  ownAdmission?: boolean;
  /** Never worth a quota and written constantly: the quota controller does not watch it. */
  ignored?: boolean;
}

export interface ResourceDefinition {
  /** API group; '' for the core (legacy) group. */
  group: string;
  /** The storage version; also served. */
  version: string;
  kind: string;
  plural: string;
  /** Defaults to the lower-cased kind. */
  singular?: string;
  namespaced: boolean;
  /**
   * How metadata.name is validated (upstream ValidateNameFunc): DNS-1123 subdomain by default,
   * `label` for namespaces, `dns1035` for services, `path` for RBAC objects.
   */
  nameRule?: 'subdomain' | 'label' | 'dns1035' | 'path';
  shortNames?: string[];
  /** e.g. ['all'] makes `kubectl get all` include the kind. */
  categories?: string[];
  /** Defaults to ALL_VERBS. */
  verbs?: Verb[];
  /** The `status` subresource: spec and status are written through separate endpoints. */
  statusSubresource?: boolean;
  /**
   * A status write may change metadata except labels (the apps/v1 status strategies reset only
   * spec and labels, so controllers set annotations such as the deployment revision this way);
   * otherwise ResetObjectMetaForStatus keeps all metadata.
   */
  statusWritesAnnotations?: boolean;
  scale?: ScaleSubresource;
  /**
   * Subresources that write one part of the object (pods/ephemeralcontainers, pods/resize): given
   * what the client sent and the stored object, the object to store (upstream per-subresource
   * strategies' PrepareForUpdate).
   */
  partialSubresources?: Record<
    string,
    (sent: KubeObject, old: KubeObject, ctx: StrategyContext) => KubeObject
  >;
  /** Subresources beyond status and scale (pods/log, pods/exec, ...), as discovery lists them. */
  subresources?: Subresource[];
  /** Other served versions (e.g. autoscaling/v1 beside autoscaling/v2). */
  otherVersions?: ServedVersion[];
  /**
   * Objects live in another resource's storage, converted on the way in and out (as
   * events.k8s.io/v1 Event and core/v1 Event share one etcd prefix upstream).
   */
  sharesStorageWith?: {
    group: string;
    plural: string;
    toStorage(obj: KubeObject): KubeObject;
    fromStorage(obj: KubeObject): KubeObject;
  };
  /**
   * A create-only resource that is computed, never stored (SelfSubjectAccessReview,
   * TokenReview, ...): POST returns what this returns, with 201.
   */
  computeOnCreate?(obj: KubeObject, ctx: StrategyContext): KubeObject;
  /**
   * A read-only resource computed on every read, never stored (the metrics.k8s.io kinds an
   * aggregated metrics-server serves): GET and LIST see what this returns for the namespace
   * (every namespace when undefined). With `name` it may throw its own NotFound (metrics-server
   * answers `pods "x" not found` for a missing pod) and returns the matching object or nothing.
   */
  computeOnRead?(namespace: string | undefined, ctx: StrategyContext, name?: string): KubeObject[];
  /** metadata.generation starts at 1 and bumps on every change outside metadata and status. */
  generation?: boolean;
  /** Annotation changes bump the generation too (upstream deployment strategy PrepareForUpdate). */
  generationTracksAnnotations?: boolean;
  /** Update without a resourceVersion is allowed (upstream AllowUnconditionalUpdate); default true. */
  allowUnconditionalUpdate?: boolean;
  /** PUT on a missing object creates it (upstream AllowCreateOnUpdate); default false. */
  allowCreateOnUpdate?: boolean;
  /** Upstream SetDefaults_* for the kind, applied on create and on update. */
  defaults?(obj: KubeObject): void;
  /** Upstream strategy PrepareForCreate (e.g. clearing status), before validation. */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Upstream strategy PrepareForUpdate (e.g. keeping immutable parts), before validation. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Upstream Validate. Field paths are as upstream prints them (`spec.template.spec.containers[0].image`). */
  validate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /** Upstream ValidateUpdate (immutable fields, etc.); runs in addition to validate. */
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /**
   * Graceful deletion (upstream pod strategy CheckGracefulDelete): the grace period in seconds
   * the object stays with a deletionTimestamp before it goes, or undefined to delete at once.
   */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number | undefined;
  /**
   * Deletion that waits on the kind's own finalization (upstream namespace storage Delete: a
   * namespace with spec.finalizers stays, Terminating, until the namespace controller finalizes
   * it): whether a DELETE of `obj` only marks it, and how it is marked besides the
   * deletionTimestamp.
   */
  deleteLifecycle?: {
    waits(obj: KubeObject): boolean;
    markTerminating(obj: KubeObject): void;
  };
  /** Throws a StatusError when the object may not be deleted (e.g. the NamespaceLifecycle plugin). */
  validateDelete?(obj: KubeObject, ctx: StrategyContext): void;
  /**
   * A validating admission plugin that objects of this kind configure (ValidatingAdmissionPolicy):
   * called on every create, update and delete of any resource once its strategy validated it;
   * throws the StatusError that refuses the request and adds warnings to `request.warnings`.
   */
  validatingAdmission?(request: AdmissionRequest, ctx: StrategyContext): void;
  /** How ResourceQuotas count the kind beyond `count/<resource>`. */
  quota?: QuotaDefinition;
  /** The order a table lists objects in, when upstream's list printer sorts (FlowSchemaSequence). */
  printOrder?(a: KubeObject, b: KubeObject): number;
  /** A `Warning:` sent with every request for this resource (upstream deprecated APIs). */
  deprecationWarning?: string;
  /** DELETE answers with the object instead of a Status (upstream ReturnDeletedObject). */
  returnDeletedObject?: boolean;
  /** Upstream WarningsOnCreate / WarningsOnUpdate: sent as `Warning:` headers. */
  warnings?(obj: KubeObject, old: KubeObject | undefined): string[];
  /** Field selectors beyond metadata.name and metadata.namespace, as upstream's GetAttrs. */
  selectableFields?: Record<string, (obj: KubeObject) => string | undefined>;
  /** Table columns, Name first, as upstream pkg/printers/internalversion/printers.go. */
  columns: TableColumn[];
  /** One table row: one cell per column. */
  row(obj: KubeObject, ctx: PrintContext): unknown[];
}
