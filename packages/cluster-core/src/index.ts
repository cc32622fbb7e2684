export { isStatusError } from './api/errors';
export type { KubeObject } from './api/object';
export { Quantity } from './api/quantity';
export type { ErrorReporter } from './apiserver/boundary';
export type {
  ConnectionResult,
  InProcessApi,
  ListOptions,
  ResourceInfo,
} from './apiserver/in-process-api';
export { type ClusterLimits, DEFAULT_LIMITS } from './apiserver/limits';
export { type Clock, ManualClock, realClock } from './clock';
export { Cluster, type ClusterOptions, createCluster, type ServeOptions } from './cluster';
export { scaledKubeletTimings } from './controllers/simulation-options';
export { CLUSTERS_PREFIX, type MountedClusters, mountClusters } from './mount';
export { createClusters, mergedKubeconfig } from './multi-cluster';
export type { SimulationData } from './simulation-state';
export { type ClusterSnapshot, SNAPSHOT_VERSION, type SnapshotContents } from './snapshot';
export type { StoreSnapshot } from './store/store';
