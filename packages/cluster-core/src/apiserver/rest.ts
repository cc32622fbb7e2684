/**
 * The generic REST store (upstream k8s.io/apiserver/pkg/registry/generic/registry/store.go):
 * create, get, update, delete for every kind, driven only by its ResourceDefinition.
 */
import { randomUUID } from 'node:crypto';
import { deepEqual } from '../api/equality';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  OBJECT_MODIFIED,
  StatusError,
} from '../api/errors';
import { invalidValue } from '../api/field-errors';
import { clone, isPlainObject, type KubeObject } from '../api/object';
import { type Clock, rfc3339 } from '../clock';
import type { AdmissionRequest, StrategyContext, UserInfo } from '../registry/types';
import type { ObjectStore } from '../store/store';
import { type RequestContext, systemContext } from './context';
import {
  type ClusterLimits,
  checkObjectCount,
  DEFAULT_LIMITS,
  objectTooLarge,
  storageExhausted,
} from './limits';
import { trackManagedFields } from './managed-fields';
import {
  generationTrackedFields,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta';
import type { ResourceTable, ServedResource } from './resources';

/** The characters upstream's names.SimpleNameGenerator draws from (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return out;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object when it stays (finalizers, graceful deletion) or the kind returns it. */
  object?: KubeObject;
  /** Set when the object is gone. */
  deleted?: KubeObject;
}

export class RestStore {
  /** The API server's token authenticator, for TokenReview. */
  authenticate?: (token: string) => UserInfo | undefined;
  /** The API server's authorizer, for admission policies' `authorizer` checks. */
  authorize?: StrategyContext['authorize'];
  /** Validating admission plugins run on create once the strategy validated (ResourceQuota object counts). */
  readonly admission: ((r: ServedResource, obj: KubeObject, ctx: StrategyContext) => void)[] = [];
  /** This cluster's limits (object size, annotations, object count, request body, in flight). */
  limits: ClusterLimits = DEFAULT_LIMITS;

  constructor(
    readonly store: ObjectStore,
    readonly resources: ResourceTable,
    readonly clock: Clock,
  ) {}

  strategyContext(ctx: RequestContext): StrategyContext {
    return {
      now: this.clock.now(),
      user: ctx.user,
      get: (group, plural, namespace, name) => {
        const r = this.resources.preferred(group, plural);
        if (r?.def.computeOnRead) return this.find(r, namespace, name);
        const obj = r && this.store.get(r.storage, namespace, name);
        return obj && r.fromStorage(obj);
      },
      list: (group, plural, namespace) => {
        const r = this.resources.preferred(group, plural);
        if (r?.def.computeOnRead) return this.computed(r, namespace);
        return r ? this.store.list(r.storage, namespace).map((o) => r.fromStorage(o)) : [];
      },
      authenticate: (token) => this.authenticate?.(token),
      authorize: (user, attrs) => this.authorize?.(user, attrs) ?? { allowed: true },
      mapping: ({ group, version, kind, plural }) => {
        const r = kind
          ? this.resources.byKind(group ? `${group}/${version}` : version, kind)
          : plural
            ? this.resources.find(group, version, plural)
            : undefined;
        if (!r) return undefined;
        return {
          group: r.group,
          version: r.version,
          kind: r.kind,
          plural: r.plural,
          namespaced: r.namespaced,
        };
      },
    };
  }

  /**
   * The validating admission plugins that kinds bring (ValidatingAdmissionPolicy), after the
   * strategy validated the request, as the apiserver's admission chain runs them.
   */
  private validatingAdmission(
    r: ServedResource,
    operation: AdmissionRequest['operation'],
    object: KubeObject | null,
    oldObject: KubeObject | null,
    ctx: RequestContext,
    sctx: StrategyContext,
    subresource = '',
  ): void {
    const plugins = new Set(
      this.resources
        .all()
        .map((s) => s.def.validatingAdmission)
        .filter((p) => p !== undefined),
    );
    if (!plugins.size) return;
    const meta = (object ?? oldObject)?.metadata ?? {};
    const request: AdmissionRequest = {
      operation,
      resource: { group: r.group, version: r.version, resource: r.plural },
      subResource: subresource,
      kind: { group: r.group, version: r.version, kind: r.kind },
      namespaced: r.namespaced,
      // as admission.Attributes: a Namespace's own requests carry its name as the namespace
      namespace: (r.group === '' && r.plural === 'namespaces' ? meta.name : meta.namespace) ?? '',
      name: meta.name ?? '',
      object: object && r.fromStorage(object),
      oldObject: oldObject && r.fromStorage(oldObject),
      dryRun: ctx.dryRun,
      warnings: ctx.warnings,
      // EquivalentResourceMapper: the same objects served at other versions or sharing storage
      equivalents: () =>
        this.resources
          .all()
          .filter((s) => s !== r && s.storage === r.storage && !s.def.computeOnRead)
          .map((s) => ({
            ...request,
            resource: { group: s.group, version: s.version, resource: s.plural },
            kind: { group: s.group, version: s.version, kind: s.kind },
            requestResource: request.resource,
            requestKind: request.kind,
            object: object && s.fromStorage(object),
            oldObject: oldObject && s.fromStorage(oldObject),
            equivalents: () => [],
          })),
    };
    for (const admit of plugins) admit(request, sctx);
  }

  get(r: ServedResource, namespace: string | undefined, name: string): KubeObject {
    if (r.def.computeOnRead) {
      const computed = this.computed(r, namespace, name)[0];
      if (!computed) throw notFound(r.gr, name);
      return computed;
    }
    const obj = this.store.get(r.storage, namespace, name);
    if (!obj) throw notFound(r.gr, name);
    return r.fromStorage(obj);
  }

  find(r: ServedResource, namespace: string | undefined, name: string): KubeObject | undefined {
    if (r.def.computeOnRead) {
      try {
        return this.computed(r, namespace, name)[0];
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return undefined;
        throw err;
      }
    }
    const obj = this.store.get(r.storage, namespace, name);
    return obj && r.fromStorage(obj);
  }

  /** The objects of a resource computed on read (never stored), as its definition computes them now. */
  computed(r: ServedResource, namespace: string | undefined, name?: string): KubeObject[] {
    const compute = r.def.computeOnRead;
    if (!compute) return [];
    return compute(namespace, this.strategyContext(systemContext('kube-apiserver')), name).map(
      (o) => r.fromStorage(o),
    );
  }

  create(
    r: ServedResource,
    namespace: string | undefined,
    body: unknown,
    ctx: RequestContext,
  ): KubeObject {
    const obj = this.decode(r, body);
    const meta = obj.metadata;
    if (meta.resourceVersion)
      throw badRequest('resourceVersion should not be set on objects to be created');
    this.checkNamespace(r, obj, namespace);
    // names.SimpleNameGenerator: the base is cut to 58 characters so the name stays a label.
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName.slice(0, 58)}${randomSuffix()}`;
    const sctx = this.strategyContext(ctx);
    if (r.def.computeOnCreate) return r.def.computeOnCreate(obj, sctx);
    if (r.namespaced && meta.namespace)
      this.checkNamespaceWritable(r, meta.namespace, meta.name ?? '');

    const now = this.clock.now();
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (r.def.generation) meta.generation = 1;
    else delete meta.generation;

    let stored = r.toStorage(obj);
    r.def.defaults?.(stored);
    // As handlers/create.go: ownership is recorded on the decoded, defaulted object, before
    // admission and the strategy add what the creator did not write (service account volume, IPs).
    stored = trackManagedFields(r, undefined, stored, ctx, this.clock);
    r.def.prepareForCreate?.(stored, sctx);
    const errs = [
      ...validateObjectMeta(r.def, stored.metadata, this.limits.maxAnnotationBytes),
      ...(r.def.validate?.(stored, sctx) ?? []),
    ];
    if (errs.length) throw invalid(r.group, r.kind, meta.name ?? '', errs);
    ctx.warnings.push(...(r.def.warnings?.(stored, undefined) ?? []));
    this.validatingAdmission(r, 'CREATE', stored, null, ctx, sctx);
    for (const admit of this.admission) admit(r, stored, sctx);
    checkObjectCount(this.limits, r, stored.metadata.name ?? '', {
      total: this.store.count(),
      inNamespace:
        this.limits.maxObjectsPerNamespaceKind === undefined || !r.namespaced
          ? undefined
          : this.store.count(r.storage, stored.metadata.namespace ?? ''),
    });
    if (this.store.get(r.storage, stored.metadata.namespace, stored.metadata.name ?? '')) {
      throw alreadyExists(r.gr, stored.metadata.name ?? '');
    }
    this.checkSize(r, stored);
    if (ctx.dryRun) return r.fromStorage(stored);
    const saved = this.store.put(r.storage, stored);
    return r.fromStorage(saved);
  }

  /**
   * PUT (and the write half of PATCH). `subresource` 'status' writes only status;
   * the main resource keeps the old status when the kind has a status subresource.
   */
  update(
    r: ServedResource,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: RequestContext,
    subresource?: string,
  ): { object: KubeObject; created: boolean } {
    const obj = this.decode(r, body);
    this.checkNamespace(r, obj, namespace);
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata.name = name;
    const currentStored = this.store.get(r.storage, obj.metadata.namespace, name);
    if (!currentStored) {
      if (!r.def.allowCreateOnUpdate || subresource) throw notFound(r.gr, name);
      delete obj.metadata.resourceVersion;
      return { object: this.create(r, namespace, obj, ctx), created: true };
    }
    const current = r.fromStorage(currentStored);
    // "0" is no precondition, as store.go's ObjectResourceVersion() == 0.
    const rv = obj.metadata.resourceVersion === '0' ? undefined : obj.metadata.resourceVersion;
    if (!rv && r.def.allowUnconditionalUpdate === false) {
      throw invalid(r.group, r.kind, name, [
        invalidValue('metadata.resourceVersion', '0x0', 'must be specified for an update'),
      ]);
    }
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(r.gr, name, OBJECT_MODIFIED);
    return { object: this.write(r, current, obj, ctx, subresource), created: false };
  }

  private write(
    r: ServedResource,
    current: KubeObject,
    next: KubeObject,
    ctx: RequestContext,
    subresource?: string,
  ): KubeObject {
    const sctx = this.strategyContext(ctx);
    const oldStored = r.toStorage(current);
    let stored = r.toStorage(next);
    const meta = stored.metadata;
    const oldMeta = oldStored.metadata;
    // System fields are the server's, whatever the client sent (rest.BeforeUpdate).
    meta.uid = meta.uid ?? oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    meta.deletionTimestamp = oldMeta.deletionTimestamp;
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    if (oldMeta.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
    if (subresource === 'status') {
      // ResetObjectMetaForStatus and the status strategies: only status moves.
      const status = stored.status;
      const annotations = stored.metadata.annotations;
      stored = { ...clone(oldStored), status };
      if (status === undefined) delete stored.status;
      stored.metadata.managedFields = meta.managedFields ?? oldMeta.managedFields;
      if (r.def.statusWritesAnnotations) {
        stored.metadata.annotations = annotations;
        if (annotations === undefined) delete stored.metadata.annotations;
      }
    } else if (subresource && r.def.partialSubresources?.[subresource]) {
      // The subresource's own strategy decides everything it writes, status included.
      stored = r.def.partialSubresources[subresource](stored, oldStored, sctx);
    } else if (r.def.statusSubresource) {
      if (oldStored.status === undefined) delete stored.status;
      else stored.status = clone(oldStored.status);
    }
    r.def.defaults?.(stored);
    stored = trackManagedFields(r, oldStored, stored, ctx, this.clock, subresource);
    const partial =
      subresource !== undefined && r.def.partialSubresources?.[subresource] !== undefined;
    if (subresource !== 'status' && !partial) r.def.prepareForUpdate?.(stored, oldStored, sctx);
    if (r.def.generation && subresource === 'status') {
      stored.metadata.generation = oldMeta.generation;
    } else if (r.def.generation) {
      const gen = oldMeta.generation ?? 1;
      const annotationsChanged =
        r.def.generationTracksAnnotations &&
        !deepEqual(stored.metadata.annotations ?? {}, oldMeta.annotations ?? {});
      stored.metadata.generation =
        deepEqual(generationTrackedFields(stored), generationTrackedFields(oldStored)) &&
        !annotationsChanged
          ? gen
          : gen + 1;
    } else delete stored.metadata.generation;
    const errs = [
      ...validateObjectMeta(r.def, stored.metadata, this.limits.maxAnnotationBytes),
      ...validateObjectMetaUpdate(stored.metadata, oldMeta),
      ...(r.def.validate?.(stored, sctx) ?? []),
      // A partial subresource has its own update rules (only its part changed, by construction).
      ...(subresource && r.def.partialSubresources?.[subresource]
        ? []
        : (r.def.validateUpdate?.(stored, oldStored, sctx) ?? [])),
    ];
    if (errs.length) throw invalid(r.group, r.kind, stored.metadata.name ?? '', errs);
    ctx.warnings.push(...(r.def.warnings?.(stored, oldStored) ?? []));
    this.validatingAdmission(r, 'UPDATE', stored, oldStored, ctx, sctx, subresource);
    stored.metadata.resourceVersion = oldMeta.resourceVersion;
    // An update that changes nothing writes nothing: no new resourceVersion, no watch event.
    if (deepEqual(stored, oldStored)) return current;
    this.checkSize(r, stored);
    if (ctx.dryRun) return r.fromStorage(stored);
    // Removing the last finalizer of an object being deleted completes its deletion.
    if (
      stored.metadata.deletionTimestamp &&
      !(stored.metadata.finalizers ?? []).length &&
      !this.gracePending(stored)
    ) {
      const gone = this.store.remove(
        r.storage,
        stored.metadata.namespace,
        stored.metadata.name ?? '',
      );
      return r.fromStorage(gone ?? stored);
    }
    const saved = this.store.put(r.storage, stored);
    return r.fromStorage(saved);
  }

  /** etcd's request size limit on the encoded object, and its quota on what it holds in all. */
  private checkSize(r: ServedResource, stored: KubeObject): void {
    const size = Buffer.byteLength(JSON.stringify(stored));
    if (size > this.limits.maxObjectBytes) throw objectTooLarge();
    const meta = stored.metadata;
    const growth = size - this.store.sizeOf(r.storage, meta.namespace, meta.name ?? '');
    if (growth > 0 && this.store.storedBytes() + growth > this.limits.maxStorageBytes)
      throw storageExhausted();
  }

  /** Whether a graceful deletion still waits (its deletionGracePeriodSeconds is not zero). */
  private gracePending(obj: KubeObject): boolean {
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  delete(
    r: ServedResource,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    ctx: RequestContext,
  ): DeleteResult {
    const stored = this.store.get(r.storage, namespace, name);
    if (!stored) throw notFound(r.gr, name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== stored.metadata.uid) {
      throw conflict(
        r.gr,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${stored.metadata.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== stored.metadata.resourceVersion) {
      throw conflict(
        r.gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`,
      );
    }
    const sctx = this.strategyContext(ctx);
    r.def.validateDelete?.(r.fromStorage(stored), sctx);
    if (!stored.metadata.deletionTimestamp)
      this.validatingAdmission(r, 'DELETE', null, stored, ctx, sctx);
    const next = clone(stored);
    const finalizers = [...(next.metadata.finalizers ?? [])];
    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const grace = next.metadata.deletionTimestamp
      ? next.metadata.deletionGracePeriodSeconds
      : r.def.gracePeriod?.(next, options.gracePeriodSeconds);
    const lifecycle = r.def.deleteLifecycle?.waits(next) ?? false;
    if (finalizers.length || (grace ?? 0) > 0 || lifecycle) {
      const alreadyDeleting = Boolean(next.metadata.deletionTimestamp);
      if (!alreadyDeleting) {
        next.metadata.deletionTimestamp = rfc3339(this.clock.now() + (grace ?? 0) * 1000);
        next.metadata.deletionGracePeriodSeconds = grace ?? 0;
      } else if (
        grace !== undefined &&
        options.gracePeriodSeconds !== undefined &&
        options.gracePeriodSeconds < grace
      ) {
        // A shorter grace period may cut a pending graceful deletion short (as kubectl --force).
        next.metadata.deletionGracePeriodSeconds = options.gracePeriodSeconds;
        next.metadata.deletionTimestamp = rfc3339(
          this.clock.now() + options.gracePeriodSeconds * 1000,
        );
      }
      next.metadata.finalizers = finalizers.length ? finalizers : undefined;
      if (next.metadata.finalizers === undefined) delete next.metadata.finalizers;
      if (lifecycle) r.def.deleteLifecycle?.markTerminating(next);
      if (next.metadata.deletionGracePeriodSeconds === 0 && !finalizers.length && !lifecycle) {
        return this.remove(r, next, ctx);
      }
      if (ctx.dryRun || deepEqual(next, stored)) return { object: r.fromStorage(next) };
      const saved = this.store.put(r.storage, next);
      return { object: r.fromStorage(saved) };
    }
    return this.remove(r, next, ctx);
  }

  private remove(r: ServedResource, obj: KubeObject, ctx: RequestContext): DeleteResult {
    if (ctx.dryRun) return { deleted: r.fromStorage(obj) };
    const gone = this.store.remove(r.storage, obj.metadata.namespace, obj.metadata.name ?? '');
    return { deleted: r.fromStorage(gone ?? obj) };
  }

  /** Checks apiVersion/kind of a body against the endpoint and returns a fresh copy. */
  private decode(r: ServedResource, body: unknown): KubeObject {
    if (!isPlainObject(body)) throw badRequest("Object 'Kind' is missing in 'null'");
    const obj = clone(body) as KubeObject;
    if (obj.kind === undefined || obj.kind === '') {
      obj.kind = r.kind;
    } else if (obj.kind !== r.kind) {
      throw badRequest(
        `${obj.kind} in version "${r.version}" cannot be handled as a ${r.kind}: no kind "${obj.kind}" is registered for version "${r.apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
      );
    }
    if (obj.apiVersion === undefined || obj.apiVersion === '') {
      obj.apiVersion = r.apiVersion;
    } else if (obj.apiVersion !== r.apiVersion) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${r.apiVersion})`,
      );
    }
    if (!isPlainObject(obj.metadata)) obj.metadata = {};
    return obj;
  }

  private checkNamespace(r: ServedResource, obj: KubeObject, namespace: string | undefined): void {
    if (!r.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
  }

  /** The NamespaceLifecycle admission plugin. */
  private checkNamespaceWritable(r: ServedResource, namespace: string, name: string): void {
    const ns = this.store.get('/namespaces', undefined, namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        r.gr,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }
}

export { StatusError };
