import { hopsOf, type Seen } from './hops.js';

const t = (ms: number) => new Date(ms).toISOString();

describe(hopsOf.name, () => {
  const events: Seen[] = [
    { subject: 'kiln.v1.build.requested', time: 1_050 },
    { subject: 'kiln.v1.stage.started', time: 1_060 },
    { subject: 'kiln.v1.stage.source.fetched', time: 1_200 },
    { subject: 'kiln.v1.stage.dockerfile.generated', time: 1_300 },
    {
      subject: 'kiln.v1.stage.image.built',
      time: 2_000,
      steps: [
        { name: 'PullSourceBundle', startTime: t(1_310), durationMilliseconds: 40 },
        { name: 'DockerBuild', startTime: t(1_350), durationMilliseconds: 600 },
      ],
    },
    { subject: 'kiln.v1.stage.push.pushed', time: 2_100 },
  ];

  it('splits the time from request to Complete into hops that add up', () => {
    const hops = hopsOf(events, 1_000, 2_130);
    expect(hops).toEqual({
      'api+outbox': 50,
      'fetch: pickup': 10,
      'fetch: work': 140,
      generate: 100,
      'build: pickup': 10,
      'build: PullSourceBundle': 40,
      'build: DockerBuild': 600,
      'build: publish': 50,
      push: 100,
      complete: 30,
    });
    expect(Object.values(hops).reduce((a, b) => a + b, 0)).toBe(1_130);
  });

  it('leaves out hops whose events were not seen', () => {
    expect(hopsOf(events.slice(0, 1), 1_000, 2_130)).toEqual({ 'api+outbox': 50 });
  });
});
