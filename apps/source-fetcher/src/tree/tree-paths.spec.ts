import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@kiln/testing';
import { resolveBelow } from './tree-paths.js';

describe(resolveBelow.name, () => {
  let tmp: ReturnType<typeof makeTempDir>;

  beforeAll(() => {
    tmp = makeTempDir('tree-paths');
    mkdirSync(join(tmp.path, 'a/b'), { recursive: true });
    symlinkSync('.', join(tmp.path, 'self'));
    symlinkSync('/', join(tmp.path, 'root'));
    symlinkSync('a/b', join(tmp.path, 'ab'));
    symlinkSync('loop2', join(tmp.path, 'loop1'));
    symlinkSync('loop1', join(tmp.path, 'loop2'));
  });
  afterAll(() => tmp.remove());

  it('follows links that stay inside', async () => {
    expect(await resolveBelow(tmp.path, [], 'ab/../b', 'refuse')).toEqual(['a', 'b']);
  });

  it('refuses a path that climbs out through a link to the root', async () => {
    // Lexically "self/.." is the root; the kernel goes one above it.
    expect(await resolveBelow(tmp.path, [], 'self/..', 'refuse')).toBeNull();
  });

  it('refuses absolute targets and loops', async () => {
    expect(await resolveBelow(tmp.path, [], '/etc', 'refuse')).toBeNull();
    expect(await resolveBelow(tmp.path, [], 'loop1', 'refuse')).toBeNull();
  });

  it('keeps an image path inside the image root, like a chroot', async () => {
    expect(await resolveBelow(tmp.path, [], '/root/../../a', 'clamp')).toEqual(['a']);
    expect(await resolveBelow(tmp.path, [], '/../../etc/passwd', 'clamp')).toEqual([
      'etc',
      'passwd',
    ]);
  });
});
