/**
 * Fair queuing of requests between the clusters of one process, as API Priority and Fairness
 * shares an apiserver between flows (apiserver/pkg/util/flowcontrol/fairqueuing): each cluster
 * is a flow, and the next request served is the next flow's oldest, round robin. Most of a
 * request's work is synchronous, so a cluster flooded with expensive lists delays its quiet
 * neighbour by at most one of its requests, not by all of them.
 */
type Work = () => void;

export class FairQueue {
  /** Waiting work per flow; Map order is the round-robin order. */
  private readonly flows = new Map<object, Work[]>();
  private scheduled = false;

  /** How many requests of `flow` wait. */
  waiting(flow: object): number {
    return this.flows.get(flow)?.length ?? 0;
  }

  enqueue(flow: object, work: Work): void {
    const queue = this.flows.get(flow);
    if (queue) queue.push(work);
    else this.flows.set(flow, [work]);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: I/O that arrived meanwhile (a neighbour's request) is queued before the next turn.
    setImmediate(() => this.next());
  }

  private next(): void {
    this.scheduled = false;
    const first = this.flows.entries().next();
    if (first.done) return;
    const [flow, queue] = first.value;
    const work = queue.shift() as Work;
    // The flow goes to the back of the line, or leaves it when it has nothing more.
    this.flows.delete(flow);
    if (queue.length) this.flows.set(flow, queue);
    if (this.flows.size) this.schedule();
    work();
  }
}

/** One queue for the process: clusters share the event loop, so they share its turns. */
export const requestQueue = new FairQueue();
