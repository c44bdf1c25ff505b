import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from './ports.js';
import { managed, readyOrExit, spawnLogged, type ManagedProcess } from './process.js';

export type GitDaemonOptions = {
  port: number;
  baseDir: string;
  logFile?: string;
  detached?: boolean;
};
export type GitDaemon = ManagedProcess & {
  readonly baseDir: string;
  readonly url: (repo: string) => string;
};

/** `git daemon` serving every repository under baseDir read-only over git://. */
export async function startGitDaemon(options: GitDaemonOptions): Promise<GitDaemon> {
  mkdirSync(options.baseDir, { recursive: true });
  const logFile = options.logFile ?? join(options.baseDir, '..', 'git-daemon.log');
  const child = spawnLogged({
    name: 'git-daemon',
    command: 'git',
    args: [
      'daemon',
      '--reuseaddr',
      '--export-all',
      '--listen=127.0.0.1',
      `--port=${options.port}`,
      `--base-path=${options.baseDir}`,
      options.baseDir,
    ],
    logFile,
    detached: options.detached,
  });
  await readyOrExit('git daemon', child, logFile, waitForPort(options.port, 10_000));
  return {
    ...managed('git-daemon', child, options.port),
    baseDir: options.baseDir,
    url: (repo: string) => `git://127.0.0.1:${options.port}/${repo}`,
  };
}
