import { existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeTree } from '../testing/temp-dirs.js';
import { formatBytes } from './progress.js';
import { stageDirectory } from './stage-directory.js';

describe('stageDirectory', () => {
  it('mirrors the selected tree, symlinks included, and removes it afterwards', async () => {
    const root = writeTree({
      'a.txt': 'A',
      '.gitignore': 'skip/\n',
      'skip/x': '',
      'sub/b.txt': 'B',
    });
    symlinkSync('a.txt', join(root, 'link'));

    const staged = await stageDirectory(root, tempDir());

    expect(staged.files).toBe(3);
    expect(readFileSync(join(staged.dir, 'sub/b.txt'), 'utf8')).toBe('B');
    expect(lstatSync(join(staged.dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(staged.dir, 'link'))).toBe('a.txt');
    expect(existsSync(join(staged.dir, 'skip'))).toBe(false);
    await staged.remove();
    expect(existsSync(staged.dir)).toBe(false);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2.0 KiB'],
    [5 * 1024 * 1024 + 100_000, '5.1 MiB'],
  ])('prints %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
