import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One part of the running farm, as `up` recorded it. */
export type PartRecord = { name: string; pid: number; port: number; url: string; health?: string };
export type FarmState = { parts: PartRecord[] };

export function readState(file: string): FarmState {
  if (!existsSync(file)) {
    return { parts: [] };
  }
  return JSON.parse(readFileSync(file, 'utf8')) as FarmState;
}

export function writeState(file: string, state: FarmState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

/** Records a part: a new one goes last, a restarted one keeps its place (`down` stops in reverse). */
export function upsertPart(state: FarmState, part: PartRecord): FarmState {
  if (!state.parts.some((p) => p.name === part.name)) {
    return { parts: [...state.parts, part] };
  }
  return { parts: state.parts.map((p) => (p.name === part.name ? part : p)) };
}
