import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver, eventually } from './build-driver.js';

/** One sample of a Prometheus text exposition, e.g. `kiln_builds{phase="New",strategy="Docker"}`. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const found = new Map(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [
        m[1] ?? '',
        m[2] ?? '',
      ]),
    );
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('build metrics', () => {
  let api: BuildApiHarness;
  let builds: BuildDriver;
  const scrape = async () => (await fetch(`${api.url}/metrics`)).text();

  beforeAll(async () => {
    api = await startBuildApi();
    builds = new BuildDriver(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('counts builds by strategy and phase, their durations, the queue and the outbox', async () => {
    await builds.createConfig('measured', { runPolicy: 'Serial' });
    const first = await builds.instantiate('measured');
    await builds.instantiate('measured');
    await builds.instantiate('measured');

    let text = await scrape();
    expect(sample(text, 'kiln_builds', { strategy: 'Docker', phase: 'Pending' })).toBe(1);
    expect(sample(text, 'kiln_builds', { strategy: 'Docker', phase: 'New' })).toBe(2);
    expect(sample(text, 'kiln_builds', { strategy: 'Source', phase: 'Running' })).toBe(0);
    expect(sample(text, 'kiln_build_queue_depth', { phase: 'New' })).toBe(2);
    expect(sample(text, 'kiln_build_queue_depth', { phase: 'Pending' })).toBe(1);
    expect(sample(text, 'kiln_outbox_backlog')).toBeGreaterThanOrEqual(0);

    await builds.started(first);
    // Stage events may be handled concurrently: let Running land before the push completes it.
    await builds.until('measured-1', 'Running');
    await builds.pushed(first);
    await builds.until('measured-1', 'Complete');
    const labels = { strategy: 'Docker', phase: 'Complete' };
    await eventually(async () => {
      text = await scrape();
      return sample(text, 'kiln_build_duration_seconds_count', labels) === 1;
    });

    expect(sample(text, 'kiln_build_phase_transitions_total', labels)).toBe(1);
    expect(
      sample(text, 'kiln_build_phase_transitions_total', { strategy: 'Docker', phase: 'Running' }),
    ).toBe(1);
    expect(
      sample(text, 'kiln_build_phase_transitions_total', { strategy: 'Docker', phase: 'Pending' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'kiln_build_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
    expect(sample(text, 'kiln_builds', labels)).toBe(1);
    expect(sample(text, 'kiln_outbox_backlog')).toBe(0);
  }, 20_000);
});
