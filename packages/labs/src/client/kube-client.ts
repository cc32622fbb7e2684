/**
 * The little the grader needs from a Kubernetes cluster. Two implementations: in process on an
 * embedded cluster (in-process.ts) and over a kubeconfig for any real cluster (kubeconfig.ts).
 */
import type {
  ConnectionResult,
  KubeObject,
  ListOptions,
  ResourceInfo,
} from '@kubebelt/cluster-core';

export type { ConnectionResult, KubeObject, ListOptions, ResourceInfo };

export interface KubeClient {
  /** The served resource of a kind (the preferred version unless `apiVersion` is given). */
  resource(kind: string, apiVersion?: string): Promise<ResourceInfo | undefined>;
  get(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined>;
  list(resource: ResourceInfo, options?: ListOptions): Promise<KubeObject[]>;
  /** Creates an object (lab set-up, SubjectAccessReviews). */
  create(obj: KubeObject): Promise<KubeObject>;
  /** A container's log; rejects with the API's message when there is none. */
  logs(
    namespace: string,
    pod: string,
    container?: string,
    options?: { previous?: boolean; tailLines?: number },
  ): Promise<string>;
  /** An HTTP GET from inside a pod to host:port (wget in the pod on a real cluster). */
  connect(namespace: string, pod: string, host: string, port: number): Promise<ConnectionResult>;
  /** Calls `listener` when objects of these kinds may have changed; returns the unsubscribe. */
  onChange(kinds: ResourceInfo[], listener: () => void): () => void;
  close(): Promise<void>;
}
