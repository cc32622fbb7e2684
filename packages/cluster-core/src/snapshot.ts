/**
 * The saved form of a cluster (`Cluster.snapshot()`): plain JSON that the platform stores in its
 * database and restores after a restart, possibly with a newer version of this package.
 *
 * - Version 1 (no `version` field, what the store alone saved): `{ resourceVersion, objects }`.
 * - Version 2: `{ version: 2, resourceVersion, clock, encoding: 'gzip', data }`, where `data` is
 *   the base64 of the gzipped JSON of `SnapshotContents`: the objects, the credentials (admin
 *   token, ServiceAccount token key, CA) and the simulation state (simulation-state.ts). A fresh
 *   cluster's objects are some 300 KB of JSON (RBAC roles, flow schemas, managedFields), ten
 *   times less gzipped.
 *
 * A version 1 snapshot still restores: its objects, a fresh simulation state (container runtimes
 * are then rebuilt from the pods' statuses) and the cluster's current credentials and time.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeObject } from './api/object';
import type { SavedCertificateAuthority } from './apiserver/tls';
import type { SimulationData } from './simulation-state';
import type { StoreSnapshot } from './store/store';

export const SNAPSHOT_VERSION = 2;

export interface ClusterSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The store's resourceVersion counter. */
  resourceVersion: number;
  /** The cluster's time when the snapshot was taken, and the offset its clock ran with. */
  clock: { at: number; offsetMs: number };
  encoding: 'gzip';
  /** base64 of the gzipped JSON of `SnapshotContents`. */
  data: string;
}

export interface SnapshotContents {
  /** Objects by storage key (`group/plural`), in key order. */
  objects: Record<string, KubeObject[]>;
  credentials: {
    /** The admin bearer token the kubeconfig carries. */
    token: string;
    /** The key ServiceAccount tokens are signed with (base64). */
    serviceAccountKey: string;
    /** The CA, once it existed: serving and client certificates stay trusted. */
    ca?: SavedCertificateAuthority;
  };
  simulation: SimulationData;
}

/** A snapshot of any version, decoded. */
export type DecodedSnapshot = StoreSnapshot &
  Partial<Omit<SnapshotContents, 'objects'>> & { clock?: ClusterSnapshot['clock'] };

export function encodeSnapshot(
  header: Pick<ClusterSnapshot, 'resourceVersion' | 'clock'>,
  contents: SnapshotContents,
): ClusterSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    resourceVersion: header.resourceVersion,
    clock: header.clock,
    encoding: 'gzip',
    data: gzipSync(JSON.stringify(contents)).toString('base64'),
  };
}

/** Reads a snapshot of version 1 or 2; throws for anything else (a newer format). */
export function decodeSnapshot(snapshot: StoreSnapshot | ClusterSnapshot): DecodedSnapshot {
  if (!snapshot || typeof snapshot !== 'object') throw new Error('not a cluster snapshot');
  const version = 'version' in snapshot ? snapshot.version : 1;
  if (version === 1 || version === undefined) {
    const v1 = snapshot as StoreSnapshot;
    if (typeof v1.objects !== 'object' || v1.objects === null)
      throw new Error('not a cluster snapshot: it has no objects');
    return { resourceVersion: v1.resourceVersion, objects: v1.objects };
  }
  if (version !== SNAPSHOT_VERSION)
    throw new Error(
      `cluster snapshot version ${JSON.stringify(version)} is not one this cluster-core reads (1 to ${SNAPSHOT_VERSION})`,
    );
  const v2 = snapshot as ClusterSnapshot;
  if (v2.encoding !== 'gzip' || typeof v2.data !== 'string')
    throw new Error(`cluster snapshot encoding ${JSON.stringify(v2.encoding)} is not gzip`);
  const contents = JSON.parse(
    gunzipSync(Buffer.from(v2.data, 'base64')).toString('utf8'),
  ) as SnapshotContents;
  return { resourceVersion: v2.resourceVersion, clock: v2.clock, ...contents };
}
