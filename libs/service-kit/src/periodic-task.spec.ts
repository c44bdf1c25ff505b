import { PeriodicTask } from './periodic-task.js';

/** A run that lasts until the test releases it. */
function controlledRuns() {
  const releases: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const run = () => {
    runs++;
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<void>((resolve) =>
      releases.push(() => {
        active--;
        resolve();
      }),
    );
  };
  const release = () => releases.shift()?.();
  const releaseNext = async () => {
    release();
    await new Promise((r) => setImmediate(r));
  };
  return { run, release, releaseNext, stats: () => ({ runs, maxActive, active }) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(PeriodicTask.name, () => {
  it('never runs twice at once, however often the timer ticks during a slow run', async () => {
    const { run, release, stats } = controlledRuns();
    const task = new PeriodicTask({ everyMs: 10, run, onError: () => undefined });
    try {
      task.start();
      await sleep(150);
      expect(stats()).toEqual({ runs: 1, maxActive: 1, active: 1 });
      release();
      // Microtasks only, so no timer can tick: a tick queued during the run would start its
      // run here, right after the first ends. Skipped ticks start nothing.
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
      }
      expect(stats()).toEqual({ runs: 1, maxActive: 1, active: 0 });
      await sleep(100);
      expect(stats()).toMatchObject({ runs: 2, maxActive: 1 });
      release();
    } finally {
      await task.stop();
    }
  });

  it('runs once more after the current run when kicked during it, however many kicks', async () => {
    const { run, releaseNext, stats } = controlledRuns();
    const task = new PeriodicTask({ everyMs: 60_000, run, onError: () => undefined });
    task.kick();
    task.kick();
    task.kick();
    expect(stats().runs).toBe(1);
    await releaseNext();
    expect(stats()).toEqual({ runs: 2, maxActive: 1, active: 1 });
    await releaseNext();
    expect(stats()).toEqual({ runs: 2, maxActive: 1, active: 0 });
    await task.stop();
  });

  it('reports a failed run and keeps going', async () => {
    const errors: string[] = [];
    let calls = 0;
    const task = new PeriodicTask({
      everyMs: 60_000,
      run: () => (++calls === 1 ? Promise.reject(new Error('db down')) : Promise.resolve()),
      onError: (error) => errors.push(error.message),
    });
    task.kick();
    await new Promise((r) => setImmediate(r));
    task.kick();
    await new Promise((r) => setImmediate(r));
    expect({ calls, errors }).toEqual({ calls: 2, errors: ['db down'] });
    await task.stop();
  });

  it('waits for the run in progress on stop, and runs nothing after', async () => {
    const { run, releaseNext, stats } = controlledRuns();
    const task = new PeriodicTask({ everyMs: 60_000, run, onError: () => undefined });
    task.start({ now: true });
    task.kick();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await releaseNext();
    await stopping;
    task.kick();
    // The kick during the run asked for another, but stop came first.
    expect(stats()).toEqual({ runs: 1, maxActive: 1, active: 0 });
  });
});
