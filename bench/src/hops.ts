/** One build or stage event as the bench saw it: its subject and when its publisher made it. */
export type Seen = {
  subject: string;
  /** The CloudEvent's `time` (the publisher's clock, this machine's). */
  time: number;
  phase?: string;
  steps?: { name: string; startTime: string; durationMilliseconds: number }[];
};

/** The successive hops of a build, in milliseconds, named after what each one waits for. */
export type Hops = Record<string, number>;

const first = (events: readonly Seen[], subject: string, phase?: string) =>
  events.find((e) => e.subject === subject && (phase === undefined || e.phase === phase));

/**
 * Where a build's time went, from the request to the stored Complete: the API and outbox relay,
 * each stage from the previous stage's event to its own (waiting for a worker included), the
 * builder's own steps, and the controller's commit at the end. A missing event leaves its hops out.
 */
export function hopsOf(events: readonly Seen[], requestedAt: number, completedAt: number): Hops {
  const at = (subject: string) => first(events, subject)?.time;
  const requested = at('kiln.v1.build.requested');
  const started = at('kiln.v1.stage.started');
  const fetched = at('kiln.v1.stage.source.fetched');
  const generated = at('kiln.v1.stage.dockerfile.generated');
  const built = first(events, 'kiln.v1.stage.image.built');
  const pushed = at('kiln.v1.stage.push.pushed');
  const hops: Hops = {};
  const span = (name: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) {
      hops[name] = to - from;
    }
  };
  span('api+outbox', requestedAt, requested);
  span('fetch: pickup', requested, started);
  span('fetch: work', started, fetched);
  span('generate', fetched, generated);
  const steps = built?.steps ?? [];
  const firstStep = steps[0];
  const lastStep = steps.at(-1);
  if (firstStep && lastStep) {
    span('build: pickup', generated, Date.parse(firstStep.startTime));
    for (const step of steps) {
      hops[`build: ${step.name}`] = step.durationMilliseconds;
    }
    span(
      'build: publish',
      Date.parse(lastStep.startTime) + lastStep.durationMilliseconds,
      built?.time,
    );
  } else {
    span('build', generated, built?.time);
  }
  span('push', built?.time, pushed);
  span('complete', pushed, completedAt);
  return hops;
}
