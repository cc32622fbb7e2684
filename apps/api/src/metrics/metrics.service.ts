import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The gauges modules report, read when Prometheus scrapes. */
const GAUGES = {
  kubebelt_sessions_running: 'Lab sessions running in this process',
  kubebelt_clusters_running: 'Embedded clusters running in this process',
  kubebelt_warm_clusters: 'Embedded clusters created ahead and not yet taken by a session',
  kubebelt_terminals_open: 'Learner terminals (PTYs) open in this process',
};

/** Prometheus metrics of this process, served at GET /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly readers = new Map<string, () => number>();

  readonly httpLatency = new Histogram({
    name: 'kubebelt_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly gradingLatency = new Histogram({
    name: 'kubebelt_grading_duration_seconds',
    help: 'Time to grade a lab on demand',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kubebelt_' });
    for (const [name, help] of Object.entries(GAUGES)) {
      const readers = this.readers;
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(readers.get(name)?.() ?? 0);
        },
      });
    }
  }

  /** A module tells how to read one of the gauges above when Prometheus scrapes. */
  gauge(name: keyof typeof GAUGES, read: () => number): void {
    this.readers.set(name, read);
  }
}
