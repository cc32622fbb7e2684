import { Injectable } from '@nestjs/common';
import type { LabEnvironment } from './drivers/cluster-driver';

export interface RunningSession {
  sessionId: string;
  accountId: string;
  labId: string;
  /** The path segment under /clusters/. */
  clusterId: string;
  env: LabEnvironment;
  stopWatching: () => void;
}

/**
 * The environments of the sessions running in this process, by session and by cluster id.
 * What a restart forgets is rebuilt from the database (snapshots) at start-up.
 */
@Injectable()
export class LabEnvironments {
  private readonly bySession = new Map<string, RunningSession>();
  private readonly byCluster = new Map<string, RunningSession>();

  add(running: RunningSession): void {
    this.bySession.set(running.sessionId, running);
    this.byCluster.set(running.clusterId, running);
  }

  remove(sessionId: string): RunningSession | undefined {
    const running = this.bySession.get(sessionId);
    if (!running) return undefined;
    this.bySession.delete(sessionId);
    this.byCluster.delete(running.clusterId);
    running.stopWatching();
    return running;
  }

  get(sessionId: string): RunningSession | undefined {
    return this.bySession.get(sessionId);
  }

  byClusterId(clusterId: string): RunningSession | undefined {
    return this.byCluster.get(clusterId);
  }

  all(): RunningSession[] {
    return [...this.bySession.values()];
  }

  clusterCount(): number {
    return this.all().reduce((n, s) => n + s.env.names.length, 0);
  }
}
