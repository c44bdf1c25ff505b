import type { Build } from '@kiln/build-types';

/** The reasons a New build waits with for an image stream to appear or get an image. */
export const WAITING_REASONS = ['InvalidImageReference', 'InvalidOutputReference'] as const;

/**
 * A New build whose image references did not resolve: it must not start (the run policy skips
 * it) until a change of its streams resolves them (WaitingBuildsService).
 */
export const isWaitingForImages = (build: Build): boolean =>
  (build.status?.phase ?? 'New') === 'New' &&
  (WAITING_REASONS as readonly string[]).includes(build.status?.reason ?? '');
