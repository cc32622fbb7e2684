export type { KubeObject } from './api/object';
export { type Clock, ManualClock, realClock } from './clock';
export { Cluster, type ClusterOptions, createCluster, type ServeOptions } from './cluster';
export type { StoreSnapshot } from './store/store';
export type {
  ConnectionResult,
  InProcessApi,
  ListOptions,
  ResourceInfo,
} from './apiserver/in-process-api';
export { scaledKubeletTimings } from './controllers/simulation-options';
export { Quantity } from './api/quantity';
export { isStatusError } from './api/errors';
