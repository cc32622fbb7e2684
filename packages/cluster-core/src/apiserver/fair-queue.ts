/**
 * Fair queuing of requests between the clusters of one process, as API Priority and Fairness
 * shares an apiserver between flows (apiserver/pkg/util/flowcontrol/fairqueuing): each cluster
 * is a flow, and the next request served is the next flow's oldest, round robin. Most of a
 * request's work is synchronous, so a cluster flooded with expensive lists delays its quiet
 * neighbour by at most one of its requests, not by all of them.
 */
type Work = () => void;

interface Turn {
  work: Work;
  /** A new request (counted against the in-flight limit), not the next slice of one under way. */
  request: boolean;
}

export class FairQueue {
  /** Waiting turns per flow; Map order is the round-robin order. */
  private readonly flows = new Map<object, Turn[]>();
  private readonly requests = new Map<object, number>();
  private scheduled = false;

  /** How many new requests of `flow` wait. */
  waiting(flow: object): number {
    return this.requests.get(flow) ?? 0;
  }

  /** A new request of `flow`, served at its turn. */
  enqueue(flow: object, work: Work): void {
    this.requests.set(flow, this.waiting(flow) + 1);
    this.push(flow, { work, request: true });
  }

  /**
   * The next slice of a request under way (a long list written in parts): it waits for its
   * flow's turn as a request does, so a neighbour's request is served between two slices.
   */
  resume(flow: object, work: Work): void {
    this.push(flow, { work, request: false });
  }

  private push(flow: object, turn: Turn): void {
    const queue = this.flows.get(flow);
    if (queue) queue.push(turn);
    else this.flows.set(flow, [turn]);
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
    const turn = queue.shift() as Turn;
    if (turn.request) {
      const left = this.waiting(flow) - 1;
      if (left) this.requests.set(flow, left);
      else this.requests.delete(flow);
    }
    // The flow goes to the back of the line, or leaves it when it has nothing more.
    this.flows.delete(flow);
    if (queue.length) this.flows.set(flow, queue);
    if (this.flows.size) this.schedule();
    turn.work();
  }
}

/** One queue for the process: clusters share the event loop, so they share its turns. */
export const requestQueue = new FairQueue();
