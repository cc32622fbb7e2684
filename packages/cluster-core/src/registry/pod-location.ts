/**
 * The API server's own checks before it hands a pod's stream to the node, as
 * pkg/registry/core/pod/strategy.go streamLocation, LogLocation and PortForwardLocation do them:
 * the pod exists, the container name is valid (or the only one), a node is assigned and known.
 */

import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import type { ServedResource } from '../apiserver/resources';

interface NamedContainer {
  name: string;
}

/** podutil.VisitContainers order: init containers, containers, ephemeral containers. */
function containerNames(pod: KubeObject): string[] {
  const spec = pod.spec ?? {};
  return [spec.initContainers, spec.containers, spec.ephemeralContainers].flatMap((list) =>
    Array.isArray(list) ? (list as NamedContainer[]).map((c) => c.name) : [],
  );
}

/** validateContainer: an explicit name must exist; without one, a single container is implied. */
export function validateContainer(pod: KubeObject, container: string): string {
  const name = pod.metadata.name ?? '';
  if (container) {
    if (!containerNames(pod).includes(container))
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const containers = (pod.spec?.containers ?? []) as NamedContainer[];
  if (containers.length === 1) return containers[0].name;
  if (containers.length === 0)
    throw badRequest(`a container name must be specified for pod ${name}`);
  throw badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${containerNames(pod).join(' ')}]`,
  );
}

/** GetConnectionInfo reads the Node object; a missing node is its NotFound. */
function checkNode(core: ClusterCore, nodeName: string): void {
  const nodes = core.resources.preferred('', 'nodes');
  if (nodes) core.rest.get(nodes, undefined, nodeName);
}

export interface StreamTarget {
  pod: KubeObject;
  container: string;
}

/** ExecLocation / AttachLocation. */
export function streamTarget(
  core: ClusterCore,
  pods: ServedResource,
  namespace: string | undefined,
  name: string,
  container: string,
): StreamTarget {
  const pod = core.rest.get(pods, namespace, name);
  const resolved = validateContainer(pod, container);
  const nodeName = (pod.spec?.nodeName as string | undefined) ?? '';
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  checkNode(core, nodeName);
  return { pod, container: resolved };
}

/** PortForwardLocation: no container involved. */
export function portForwardTarget(
  core: ClusterCore,
  pods: ServedResource,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const pod = core.rest.get(pods, namespace, name);
  const nodeName = (pod.spec?.nodeName as string | undefined) ?? '';
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  checkNode(core, nodeName);
  return pod;
}

/**
 * LogLocation: like streamTarget, except that a pod without a node has an empty log rather
 * than an error (the location is nil and the LocationStreamer returns no bytes).
 */
export function logTarget(
  core: ClusterCore,
  pods: ServedResource,
  namespace: string | undefined,
  name: string,
  container: string,
): StreamTarget | undefined {
  const pod = core.rest.get(pods, namespace, name);
  const resolved = validateContainer(pod, container);
  const nodeName = (pod.spec?.nodeName as string | undefined) ?? '';
  if (!nodeName) return undefined;
  checkNode(core, nodeName);
  return { pod, container: resolved };
}
