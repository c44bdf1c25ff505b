import { readFileSync } from 'node:fs';
import { isAlive, isPortOpen } from '@kiln/farm';
import type { PartRecord } from './state.js';

export type PartHealth = 'healthy' | 'starting' | 'unhealthy' | 'stopped';

/** Alive by pid, then listening, then (when it has one) answering its health URL with 2xx. */
export async function checkPart(
  part: Pick<PartRecord, 'pid' | 'port' | 'health'>,
): Promise<PartHealth> {
  if (!isAlive(part.pid)) {
    return 'stopped';
  }
  if (!(await isPortOpen(part.port))) {
    return 'starting';
  }
  if (!part.health) {
    return 'healthy';
  }
  try {
    const response = await fetch(part.health, { signal: AbortSignal.timeout(2000) });
    return response.ok ? 'healthy' : 'unhealthy';
  } catch {
    return 'unhealthy';
  }
}

export async function waitHealthy(
  part: Pick<PartRecord, 'name' | 'pid' | 'port' | 'health'>,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await checkPart(part);
    if (health === 'healthy') {
      return;
    }
    if (health === 'stopped') {
      throw new Error(
        `${part.name} exited during start-up; see ${logFile}; it ended with:\n${logTail(logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${part.name} not healthy after ${timeoutMs / 1000} s (${health}); see ${logFile}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The last lines of a part's log, so that a failed start explains itself where it is reported. */
function logTail(logFile: string, lines = 15): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}
