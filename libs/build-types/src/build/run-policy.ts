/** How builds of one BuildConfig are scheduled relative to each other. */
export const BuildRunPolicy = {
  /** One at a time, in creation order (the default). */
  Serial: 'Serial',
  /** One at a time; queued older builds are cancelled when a newer one is considered. */
  SerialLatestOnly: 'SerialLatestOnly',
  /** All at once, unless a Serial build of the same config is running. */
  Parallel: 'Parallel',
} as const;
export type BuildRunPolicy = (typeof BuildRunPolicy)[keyof typeof BuildRunPolicy];
export const buildRunPolicies = Object.values(BuildRunPolicy);
