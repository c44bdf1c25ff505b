import type { EventOf } from '@kiln/events';

type Generated = EventOf<'kiln.v1.stage.dockerfile.generated'>;

/** What a strategy produces; the service adds the bundle and the step timing. */
export type StrategyOutput = Omit<Generated, 'build' | 'bundle' | 'steps'> & {
  /** A new build context to push instead of the fetched bundle (S2I lays out its own). */
  contextToPush?: string;
};
