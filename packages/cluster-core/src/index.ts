export type { KubeObject } from './api/object';
export { type Clock, ManualClock, realClock } from './clock';
export { Cluster, type ClusterOptions, createCluster, type ServeOptions } from './cluster';
export type { StoreSnapshot } from './store/store';
