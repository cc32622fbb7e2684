export { isStatusError } from './api/errors';
export type { KubeObject } from './api/object';
export { Quantity } from './api/quantity';
export type {
  ConnectionResult,
  InProcessApi,
  ListOptions,
  ResourceInfo,
} from './apiserver/in-process-api';
export { type Clock, ManualClock, realClock } from './clock';
export { Cluster, type ClusterOptions, createCluster, type ServeOptions } from './cluster';
export { scaledKubeletTimings } from './controllers/simulation-options';
export type { StoreSnapshot } from './store/store';
