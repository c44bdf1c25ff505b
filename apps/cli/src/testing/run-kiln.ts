import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../cli.js';
import type { CliEnvironment } from '../environment.js';
import { tempDir } from './temp-dirs.js';

/** The fixed "now" of CLI tests: 2025-01-01T12:00:00Z. */
export const testNow = Date.parse('2025-01-01T12:00:00Z');

export type KilnRun = { code: number; stdout: string; stderr: string; configFile: string };

export type RunOptions = {
  stdin?: string;
  /** Config file to use; by default a fresh one pointing at `server`. */
  configFile?: string;
  namespace?: string;
  interactive?: boolean;
  sleeps?: number[];
};

/** A config file in a fresh temporary directory. */
export function writeConfig(values: Record<string, unknown>): string {
  const file = join(tempDir(), 'config.yaml');
  writeFileSync(file, stringify(values));
  return file;
}

/** Runs `kiln ARGS` in-process against `server`, capturing output and the exit code. */
export async function runKiln(
  server: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<KilnRun> {
  let stdout = '';
  let stderr = '';
  const configFile =
    options.configFile ??
    writeConfig({ server, token: 'test-token', namespace: options.namespace ?? 'demo' });
  const env: CliEnvironment = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    config: { file: configFile, env: {} },
    now: () => testNow,
    interactive: options.interactive ?? false,
    sleep: (ms) => {
      options.sleeps?.push(ms);
      return Promise.resolve();
    },
  };
  const code = await runCli(args, env);
  return { code, stdout, stderr, configFile };
}
