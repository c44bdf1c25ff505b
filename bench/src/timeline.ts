import { EventBus } from '@kiln/events';
import type { Subscription } from '@nats-io/transport-node';
import type { Seen } from './hops.js';

type Envelope = {
  time: string;
  data: {
    build?: { uid?: string; metadata?: { uid?: string } };
    phase?: string;
    steps?: Seen['steps'];
  };
};

/**
 * Every build and stage event of the farm, by build uid, heard on plain NATS subscriptions (no
 * consumer of its own, so it takes nothing from the workers). Waiting for a phase here replaces
 * polling the API, which would load the machine being measured.
 */
export class Timeline {
  private readonly seen = new Map<string, Seen[]>();
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions: Subscription[] = [];

  private constructor(private readonly bus: EventBus) {
    for (const subject of ['kiln.v1.build.>', 'kiln.v1.stage.>']) {
      this.subscriptions.push(
        bus.connection.subscribe(subject, {
          callback: (_e, msg) => this.record(msg.subject, msg.json<Envelope>()),
        }),
      );
    }
  }

  static async connect(natsUrl: string): Promise<Timeline> {
    return new Timeline(await EventBus.connect(natsUrl, 'kiln/bench'));
  }

  private record(subject: string, event: Envelope): void {
    const uid = event.data.build?.uid ?? event.data.build?.metadata?.uid;
    if (!uid) {
      return;
    }
    const entry: Seen = { subject, time: Date.parse(event.time) };
    if (event.data.phase) {
      entry.phase = event.data.phase;
    }
    if (subject === 'kiln.v1.stage.image.built' && event.data.steps) {
      entry.steps = event.data.steps;
    }
    this.seen.set(uid, [...(this.seen.get(uid) ?? []), entry]);
    for (const wake of this.waiters) {
      wake();
    }
  }

  events(uid: string): Seen[] {
    return this.seen.get(uid) ?? [];
  }

  /** Resolves with the phase change that ends the build (Complete, Failed, Error, Cancelled). */
  waitEnd(uid: string, timeoutMs = 600_000): Promise<Seen> {
    const ended = () =>
      this.events(uid).find(
        (e) =>
          e.subject === 'kiln.v1.build.phase-changed' &&
          ['Complete', 'Failed', 'Error', 'Cancelled'].includes(e.phase ?? ''),
      );
    return new Promise((resolve, reject) => {
      const check = () => {
        const end = ended();
        if (end) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(end);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`build ${uid} did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    for (const s of this.subscriptions) {
      s.unsubscribe();
    }
    await this.bus.close();
  }
}
