/** Stops the shared farm global-setup.ts started (it left its stop function on globalThis). */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { kilnReliabilityStop?: () => Promise<void> }).kilnReliabilityStop;
  await stop?.();
}
