import { buildPhases, type Build, type BuildPhase } from '@kiln/build-types';
import { generateBuild } from './generate-build.js';
import { cancelledByUser, transition, unsupportedStrategy } from './build-transitions.js';

const t0 = new Date('2025-05-01T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const aNewBuild = (): Build =>
  generateBuild(
    {
      metadata: { name: 'app', namespace: 'a', uid: 'bc' },
      spec: { strategy: { type: 'Docker', dockerStrategy: {} } },
    },
    { metadata: { name: 'app' } },
    1,
    t0,
  );

/** Applies the moves in order; each must be legal. */
function through(build: Build, ...moves: [BuildPhase, number, string?, string?][]): Build {
  return moves.reduce((current, [phase, seconds, reason, message]) => {
    const next = transition(current, { phase, now: at(seconds), reason, message });
    if (!next) {
      throw new Error(`${current.status?.phase} → ${phase} was refused`);
    }
    return next;
  }, build);
}

describe(transition.name, () => {
  describe('conditions', () => {
    it('keeps one condition per phase reached, only the current one True', () => {
      const build = through(aNewBuild(), ['Pending', 1], ['Running', 2]);
      expect(build.status?.conditions).toEqual([
        {
          type: 'New',
          status: 'False',
          lastTransitionTime: at(1).toISOString(),
          lastUpdateTime: at(1).toISOString(),
        },
        {
          type: 'Pending',
          status: 'False',
          lastTransitionTime: at(2).toISOString(),
          lastUpdateTime: at(2).toISOString(),
        },
        {
          type: 'Running',
          status: 'True',
          lastTransitionTime: at(2).toISOString(),
          lastUpdateTime: at(2).toISOString(),
        },
      ]);
    });

    it("gives the current condition the build's reason and message, and clears them on the others", () => {
      const build = through(
        aNewBuild(),
        ['Pending', 1, 'MissingPushSecret', 'Missing push secret.'],
        ['Failed', 3, 'DockerBuildFailed', 'Dockerfile build strategy has failed.'],
      );
      const byType = Object.fromEntries((build.status?.conditions ?? []).map((c) => [c.type, c]));
      expect(Object.keys(byType)).toEqual(['New', 'Pending', 'Failed']);
      expect(byType.Failed).toMatchObject({
        status: 'True',
        reason: 'DockerBuildFailed',
        message: 'Dockerfile build strategy has failed.',
      });
      expect(byType.Pending).toEqual({
        type: 'Pending',
        status: 'False',
        lastTransitionTime: at(3).toISOString(),
        lastUpdateTime: at(3).toISOString(),
      });
      expect(byType.New).not.toHaveProperty('reason');
      expect(byType.New).not.toHaveProperty('message');
    });

    it('leaves a condition that was already False as it was', () => {
      const build = through(aNewBuild(), ['Pending', 1], ['Running', 2], ['Complete', 9]);
      expect(build.status?.conditions?.[0]).toMatchObject({
        type: 'New',
        status: 'False',
        lastTransitionTime: at(1).toISOString(),
      });
    });

    it('records a skipped phase only if it was reached', () => {
      const build = through(aNewBuild(), ['Cancelled', 1, 'CancelledBuild', 'cancelled']);
      expect(build.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
        ['New', 'False'],
        ['Cancelled', 'True'],
      ]);
    });
  });

  describe('timestamps', () => {
    it('sets startTimestamp when the build starts running, and keeps it', () => {
      const running = through(aNewBuild(), ['Pending', 1], ['Running', 2]);
      expect(running.status?.startTimestamp).toBe(at(2).toISOString());
      expect(running.status?.completionTimestamp).toBeUndefined();

      const done = through(running, ['Complete', 12]);
      expect(done.status?.startTimestamp).toBe(at(2).toISOString());
    });

    it('sets completionTimestamp and the duration in nanoseconds on reaching a terminal phase', () => {
      const done = through(aNewBuild(), ['Pending', 1], ['Running', 2], ['Complete', 12.5]);
      expect(done.status?.completionTimestamp).toBe(at(12.5).toISOString());
      expect(done.status?.duration).toBe(10_500_000_000);
    });

    it('starts and completes at once a build that ends before it ran', () => {
      const cancelled = through(aNewBuild(), ['Pending', 1], ['Cancelled', 4]);
      expect(cancelled.status?.startTimestamp).toBe(at(4).toISOString());
      expect(cancelled.status?.completionTimestamp).toBe(at(4).toISOString());
      expect(cancelled.status?.duration).toBe(0);
    });
  });

  describe('refusals', () => {
    // Each row has two entries: a row of one would make jest pass `done` as the second argument.
    const ended: [BuildPhase, string | undefined][] = [
      ['Complete', undefined],
      ['Failed', 'DockerBuildFailed'],
      ['Error', 'BuildPodDeleted'],
      ['Cancelled', 'CancelledBuild'],
    ];
    const everyPhase = buildPhases;

    it.each(ended)('refuses any move out of %s', (phase, reason) => {
      const build = through(aNewBuild(), ['Running', 1], [phase, 2, reason]);
      for (const to of everyPhase) {
        expect(transition(build, { phase: to, now: at(3), reason: 'GenericBuildFailed' })).toBe(
          undefined,
        );
      }
    });

    it('refuses going back, and a move to the phase the build is in', () => {
      const running = through(aNewBuild(), ['Pending', 1], ['Running', 2]);
      expect(transition(running, { phase: 'Pending', now: at(3) })).toBeUndefined();
      expect(transition(running, { phase: 'New', now: at(3) })).toBeUndefined();
      expect(transition(running, cancelledByUser(at(3)))).toBeDefined();
      expect(transition(running, { phase: 'Running', now: at(3) })).toBeUndefined();
    });

    it('leaves the refused build untouched', () => {
      const cancelled = through(aNewBuild(), ['Cancelled', 1, 'CancelledBuild', 'by user']);
      const before = structuredClone(cancelled);
      transition(cancelled, { phase: 'Complete', now: at(2) });
      expect(cancelled).toEqual(before);
    });
  });

  describe(unsupportedStrategy.name, () => {
    it('fails a New build at once, with the canonical reason and message', () => {
      const failed = transition(aNewBuild(), unsupportedStrategy(at(1)));
      expect(failed?.status).toMatchObject({
        phase: 'Failed',
        reason: 'UnsupportedBuildStrategy',
        message: 'Kiln does not run JenkinsPipeline builds.',
        completionTimestamp: at(1).toISOString(),
        duration: 0,
      });
    });
  });
});
