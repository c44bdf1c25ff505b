/** Where a Build is in its life. */
export const BuildPhase = {
  /** Created; waiting for the run policy to let it start. */
  New: 'New',
  /** Pod created, not yet running. */
  Pending: 'Pending',
  /** Fetching source or building. */
  Running: 'Running',
  /** Finished successfully. */
  Complete: 'Complete',
  /** The build ran and failed. */
  Failed: 'Failed',
  /** An infrastructure error kept the build from running. */
  Error: 'Error',
  /** Stopped on request. */
  Cancelled: 'Cancelled',
} as const;
export type BuildPhase = (typeof BuildPhase)[keyof typeof BuildPhase];

/** Every phase, in lifecycle order. */
export const buildPhases: readonly BuildPhase[] = Object.values(BuildPhase);

const terminalPhases: ReadonlySet<BuildPhase> = new Set([
  'Complete',
  'Failed',
  'Error',
  'Cancelled',
]);

/** True once a build can no longer change phase. */
export const isTerminalPhase = (phase: BuildPhase): boolean => terminalPhases.has(phase);

/**
 * Legal moves between phases, as the API server enforces them: nothing leaves a terminal
 * phase and nothing goes backwards, but phases may be skipped (a binary build whose inputs are
 * missing fails while still New; a short pod may be seen Succeeded while the build is Pending).
 */
export const buildPhaseTransitions: Readonly<Record<BuildPhase, readonly BuildPhase[]>> = {
  New: ['Pending', 'Running', 'Complete', 'Failed', 'Error', 'Cancelled'],
  Pending: ['Running', 'Complete', 'Failed', 'Error', 'Cancelled'],
  Running: ['Complete', 'Failed', 'Error', 'Cancelled'],
  Complete: [],
  Failed: [],
  Error: [],
  Cancelled: [],
};

/** True when a build may move from `from` to `to`; rewriting the same phase is always allowed. */
export const canTransition = (from: BuildPhase, to: BuildPhase): boolean =>
  from === to || buildPhaseTransitions[from].includes(to);
