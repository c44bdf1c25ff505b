import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** Runs a command and returns its stdout; a failure carries the command's stderr. */
export async function sh(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      env: { ...process.env, ...options.env },
      timeout: options.timeout ?? 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${command} ${args.slice(0, 3).join(' ')} failed: ${e.stderr ?? e.message}`, {
      cause: error,
    });
  }
}

/** Wall-clock milliseconds of an async step, with its result. */
export async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await step();
  return { ms: performance.now() - started, value };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Progress on stderr, so that stdout stays the tables. */
export const say = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
