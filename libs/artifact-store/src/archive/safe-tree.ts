import { constants, type Stats } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  open,
  readlink,
  realpath,
  symlink,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveEntryRefused } from './archive-entry-refused.js';
import type { ExtractLimits } from './limits.js';

type PendingLink = { name: string; parts: string[]; target: string };

const maxLinkHops = 40;
const writeFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The only code that writes an extracted tree. Every path is built from checked components and
 * every existing component is lstat-ed before use, so nothing is written through a symlink.
 * Symlinks are created last, after every file, and then checked against the final tree: this is
 * what stops a chain of links, each harmless alone, from pointing out of the destination.
 */
export class SafeTree {
  private entries = 0;
  private bytes = 0;
  private readonly pending = new Map<string, PendingLink>();
  private readonly regularFiles = new Set<string>();

  private constructor(
    private readonly root: string,
    private readonly limits: ExtractLimits,
  ) {}

  static async open(destDir: string, limits: ExtractLimits): Promise<SafeTree> {
    await mkdir(destDir, { recursive: true });
    return new SafeTree(await realpath(destDir), limits);
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  get entryCount(): number {
    return this.entries;
  }

  /** Counts one entry of any kind against maxFiles. */
  count(name: string): void {
    this.entries += 1;
    if (this.entries > this.limits.maxFiles) {
      throw new ArchiveEntryRefused(
        name,
        `the archive has more than ${this.limits.maxFiles} entries`,
      );
    }
  }

  async directory(name: string, parts: string[]): Promise<void> {
    if (parts.length === 0) {
      return;
    }
    await this.prepareParents(name, parts);
    const existing = await this.prepareLeaf(name, parts);
    if (existing?.isDirectory()) {
      return;
    }
    if (existing) {
      throw new ArchiveEntryRefused(name, 'a file of the same name was extracted before');
    }
    await mkdir(this.path(parts), { mode: 0o755 });
  }

  async file(
    name: string,
    parts: string[],
    mode: number,
    data: AsyncIterable<Buffer>,
  ): Promise<void> {
    await this.prepareFileTarget(name, parts);
    const handle = await open(this.path(parts), writeFlags, (mode & 0o755) | 0o600);
    try {
      for await (const chunk of data) {
        this.bytes += chunk.length;
        if (this.bytes > this.limits.maxBytes) {
          throw new ArchiveEntryRefused(
            name,
            `the extracted content exceeds the limit of ${this.limits.maxBytes} bytes`,
          );
        }
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    this.regularFiles.add(parts.join('/'));
  }

  /** Hardlinks are accepted only to a regular file earlier in the same archive, and become copies. */
  async hardlink(
    name: string,
    parts: string[],
    targetName: string,
    targetParts: string[],
  ): Promise<void> {
    const key = targetParts.join('/');
    if (!this.regularFiles.has(key)) {
      throw new ArchiveEntryRefused(
        name,
        `hardlink target ${JSON.stringify(targetName)} is not a regular file extracted earlier from this archive`,
      );
    }
    const source = await lstat(this.path(targetParts));
    if (!source.isFile()) {
      throw new ArchiveEntryRefused(
        name,
        `hardlink target ${JSON.stringify(targetName)} is no longer a regular file`,
      );
    }
    if (this.bytes + source.size > this.limits.maxBytes) {
      throw new ArchiveEntryRefused(
        name,
        `the extracted content exceeds the limit of ${this.limits.maxBytes} bytes`,
      );
    }
    await this.prepareFileTarget(name, parts);
    await copyFile(this.path(targetParts), this.path(parts), constants.COPYFILE_EXCL);
    this.bytes += source.size;
    this.regularFiles.add(parts.join('/'));
  }

  /** Records a symlink; it is created by `finish`, once nothing else will be written. */
  async symlink(name: string, parts: string[], target: string): Promise<void> {
    if (target === '' || target.includes('\0')) {
      throw new ArchiveEntryRefused(name, 'the symlink target is empty or contains a NUL byte');
    }
    if (target.startsWith('/')) {
      throw new ArchiveEntryRefused(
        name,
        `symlink target ${JSON.stringify(target)} is absolute, so it points outside the destination`,
      );
    }
    await this.prepareParents(name, parts);
    if (await this.prepareLeaf(name, parts)) {
      throw new ArchiveEntryRefused(name, 'a symlink would replace an entry extracted before');
    }
    this.pending.set(parts.join('/'), { name, parts, target });
  }

  /** Creates the recorded symlinks, then removes them all again if any resolves outside. */
  async finish(): Promise<void> {
    const created: PendingLink[] = [];
    try {
      for (const link of this.pending.values()) {
        await symlink(link.target, this.path(link.parts));
        created.push(link);
      }
      for (const link of created) {
        const resolved = await this.resolve(link.parts.slice(0, -1), link.target, { hops: 0 });
        if (!resolved) {
          throw new ArchiveEntryRefused(
            link.name,
            `symlink target ${JSON.stringify(link.target)} resolves outside the destination (or loops through too many links)`,
          );
        }
      }
    } catch (error) {
      await Promise.all(
        created.map((link) => unlink(this.path(link.parts)).catch(() => undefined)),
      );
      throw error;
    }
  }

  private path(parts: string[]): string {
    return join(this.root, ...parts);
  }

  private async prepareFileTarget(name: string, parts: string[]): Promise<void> {
    if (parts.length === 0) {
      throw new ArchiveEntryRefused(name, 'the entry names the destination directory itself');
    }
    await this.prepareParents(name, parts);
    const existing = await this.prepareLeaf(name, parts);
    if (existing?.isDirectory()) {
      throw new ArchiveEntryRefused(name, 'a directory of the same name was extracted before');
    }
    if (existing) {
      // A later entry of the same name replaces the earlier one, as tar does; never written through.
      await unlink(this.path(parts));
      this.regularFiles.delete(parts.join('/'));
    }
  }

  /** Makes every parent a real directory, refusing symlinks (pending or on disk) on the way. */
  private async prepareParents(name: string, parts: string[]): Promise<void> {
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i);
      if (this.pending.has(prefix.join('/'))) {
        throw new ArchiveEntryRefused(
          name,
          `it would be written through the symlink ${JSON.stringify(prefix.join('/'))}`,
        );
      }
      const stats = await lstatOrNull(this.path(prefix));
      if (!stats) {
        await mkdir(this.path(prefix), { mode: 0o755 });
      } else if (stats.isSymbolicLink()) {
        throw new ArchiveEntryRefused(
          name,
          `it would be written through the symlink ${JSON.stringify(prefix.join('/'))}`,
        );
      } else if (!stats.isDirectory()) {
        throw new ArchiveEntryRefused(
          name,
          `its parent ${JSON.stringify(prefix.join('/'))} is not a directory`,
        );
      }
    }
  }

  /** What is at the entry's own path now: null when nothing; refuses symlinks. */
  private async prepareLeaf(name: string, parts: string[]): Promise<Stats | null> {
    const stats = await lstatOrNull(this.path(parts));
    if (this.pending.has(parts.join('/')) || stats?.isSymbolicLink()) {
      throw new ArchiveEntryRefused(name, 'it would be written through a symlink of the same name');
    }
    return stats;
  }

  /** Resolves target relative to dir like the kernel would, through links on disk; null when it leaves the root. */
  private async resolve(
    dir: string[],
    target: string,
    state: { hops: number },
  ): Promise<string[] | null> {
    if (target.startsWith('/')) {
      return null;
    }
    let stack = [...dir];
    for (const part of target.split('/')) {
      if (part === '' || part === '.') {
        continue;
      }
      if (part === '..') {
        if (stack.length === 0) {
          return null;
        }
        stack.pop();
        continue;
      }
      stack.push(part);
      const stats = await lstatOrNull(this.path(stack));
      if (stats?.isSymbolicLink()) {
        state.hops += 1;
        if (state.hops > maxLinkHops) {
          return null;
        }
        stack.pop();
        const next = await this.resolve(stack, await readlink(this.path([...stack, part])), state);
        if (!next) {
          return null;
        }
        stack = next;
      }
    }
    return stack;
  }
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}
