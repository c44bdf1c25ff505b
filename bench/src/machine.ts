import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { root } from './farm.js';
import { sh } from './shell.js';

export type Machine = {
  date: string;
  commit: string;
  /** Uncommitted changes when the run was made (the figures are for the tree as it was). */
  dirty: boolean;
  nproc: number;
  cpu: string;
  memoryBytes: number;
  kernel: string;
  buildah: string;
  node: string;
};

export async function machine(): Promise<Machine> {
  const text = async (cmd: string, args: string[]) => (await sh(cmd, args).catch(() => '')).trim();
  return {
    date: new Date().toISOString(),
    commit: await text('git', ['-C', root, 'rev-parse', 'HEAD']),
    dirty:
      (await text('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'])) !== '',
    nproc: Number(await text('nproc', [])),
    cpu: cpus()[0]?.model ?? '',
    memoryBytes: totalmem(),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    buildah: await text('buildah', ['--version']),
    node: process.version,
  };
}
