export { Cluster, createCluster, type ClusterOptions, type ServeOptions } from './cluster';
export { ManualClock, realClock, type Clock } from './clock';
export type { KubeObject } from './api/object';
export type { StoreSnapshot } from './store/store';
