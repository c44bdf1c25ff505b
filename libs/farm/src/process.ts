import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** A process the farm started: enough to find it again (pid) and stop it. */
export type ManagedProcess = {
  readonly name: string;
  readonly pid: number;
  /** The main port it serves on loopback. */
  readonly port: number;
  stop(): Promise<void>;
};

export type SpawnOptions = {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Detached processes outlive the caller (`./kiln up`); attached ones die with it (tests). */
  detached?: boolean;
};

/** Starts a long-running process with stdout and stderr appended to a log file. */
export function spawnLogged(options: SpawnOptions): ChildProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    detached: options.detached ?? false,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (options.detached) {
    child.unref();
  }
  return child;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the pid is gone. */
export async function stopPid(pid: number, graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) {
    return;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    while (isAlive(pid)) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Wraps a started child as a ManagedProcess; fails early if it exits before it is ready. */
export function managed(name: string, child: ChildProcess, port: number): ManagedProcess {
  if (child.pid === undefined) {
    throw new Error(`${name} did not start`);
  }
  const pid = child.pid;
  return { name, pid, port, stop: () => stopPid(pid) };
}

/** Rejects when the child exits before `ready` settles, naming the log to read. */
export async function readyOrExit<T>(
  name: string,
  child: ChildProcess,
  logFile: string,
  ready: Promise<T>,
): Promise<T> {
  let onExit: ((code: number | null) => void) | undefined;
  const exited = new Promise<never>((_, reject) => {
    onExit = (code) =>
      reject(
        new Error(`${name} exited with code ${String(code)} before it was ready; see ${logFile}`),
      );
    child.once('exit', onExit);
  });
  try {
    return await Promise.race([ready, exited]);
  } finally {
    if (onExit) {
      child.off('exit', onExit);
    }
  }
}
