/**
 * What a reconciler sees of its cluster: reads straight from the store (our informer cache:
 * objects are shared, never mutate them, `clone` first) and writes through the REST store as
 * `system:kube-controller-manager` with the controller's name as field manager, so defaults,
 * validation, resourceVersion conflicts and watch events are exactly a client's.
 */
import { clone, type KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { systemContext } from '../apiserver/context';
import type { ServedResource } from '../apiserver/resources';
import type { DeleteOptions, DeleteResult } from '../apiserver/rest';
import type { Clock } from '../clock';
import type { SimulationState } from '../simulation-state';
import type { EventRecorder } from './events';
import type { SimulationOptions } from './simulation-options';

/** The field manager a component's writes carry, as its binary's user agent names it. */
function fieldManagerOf(component: string): string {
  if (component === 'kubelet') return 'kubelet';
  if (component === 'default-scheduler') return 'kube-scheduler';
  if (component === 'kubeadm') return 'kubeadm';
  return 'kube-controller-manager';
}

export class ControllerContext {
  constructor(
    readonly core: ClusterCore,
    /** The field manager (and event source) writes are attributed to. */
    readonly manager: string,
    readonly events: EventRecorder,
    readonly options: SimulationOptions,
    /** Runs a reconciler for a key again (something outside the store changed: a process ended). */
    readonly wake: (reconciler: string, key: string) => void = () => {},
  ) {}

  /** What the simulation remembers beyond the API objects (read anew each time: a restore replaces it). */
  get state(): SimulationState {
    return this.core.simulation;
  }

  get clock(): Clock {
    return this.core.clock;
  }

  now(): number {
    return this.core.clock.now();
  }

  /** The preferred served version of a resource, or undefined while the kind is not served. */
  resource(group: string, plural: string): ServedResource | undefined {
    return this.core.resources.preferred(group, plural);
  }

  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const r = this.resource(group, plural);
    return r ? this.core.rest.find(r, r.namespaced ? namespace : undefined, name) : undefined;
  }

  list(group: string, plural: string, namespace?: string): KubeObject[] {
    const r = this.resource(group, plural);
    if (!r) return [];
    return this.core.store.list(r.storage, namespace).map((o) => r.fromStorage(o));
  }

  create(group: string, plural: string, obj: KubeObject): KubeObject {
    const r = this.require(group, plural);
    return this.core.rest.create(
      r,
      r.namespaced ? obj.metadata.namespace : undefined,
      obj,
      systemContext(fieldManagerOf(this.manager)),
    );
  }

  /** PUT of the whole object (with its resourceVersion: conflicts surface as 409). */
  update(group: string, plural: string, obj: KubeObject): KubeObject {
    const r = this.require(group, plural);
    const ns = r.namespaced ? obj.metadata.namespace : undefined;
    return this.core.rest.update(
      r,
      ns,
      obj.metadata.name ?? '',
      obj,
      systemContext(fieldManagerOf(this.manager)),
    ).object;
  }

  /** PUT of the status subresource. */
  updateStatus(group: string, plural: string, obj: KubeObject): KubeObject {
    const r = this.require(group, plural);
    const ns = r.namespaced ? obj.metadata.namespace : undefined;
    const sub = r.def.statusSubresource ? 'status' : undefined;
    return this.core.rest.update(
      r,
      ns,
      obj.metadata.name ?? '',
      obj,
      systemContext(fieldManagerOf(this.manager)),
      sub,
    ).object;
  }

  /** Reads the current object, applies `change` to a copy and writes it back unless nothing changed. */
  mutate(
    group: string,
    plural: string,
    current: KubeObject,
    change: (o: KubeObject) => void,
    status = false,
  ): KubeObject {
    const next = clone(current);
    change(next);
    return status ? this.updateStatus(group, plural, next) : this.update(group, plural, next);
  }

  delete(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult {
    const r = this.require(group, plural);
    return this.core.rest.delete(
      r,
      r.namespaced ? namespace : undefined,
      name,
      options,
      systemContext(fieldManagerOf(this.manager)),
    );
  }

  /** The same cluster seen by another component (the kubelet of a node, the scheduler). */
  as(manager: string): ControllerContext {
    return new ControllerContext(this.core, manager, this.events, this.options, this.wake);
  }

  private require(group: string, plural: string): ServedResource {
    const r = this.resource(group, plural);
    if (!r) throw new Error(`${plural}${group ? `.${group}` : ''} is not served by this cluster`);
    return r;
  }
}
