import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@kiln/testing';
import { contextOf, writeDockerfile } from './context-dir.js';

describe('context dir', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let root: string;

  beforeEach(() => {
    tmp = makeTempDir('context');
    root = join(tmp.path, 'src');
    mkdirSync(join(root, 'app/web'), { recursive: true });
  });
  afterEach(() => tmp.remove());

  describe(contextOf.name, () => {
    it.each([[undefined], [''], ['.'], ['/']])('is the root for %j', async (dir) => {
      expect(await contextOf(root, dir, 'must-exist')).toBe(root);
    });

    it('cleans the path as OpenShift does', async () => {
      expect(await contextOf(root, './app//web/', 'must-exist')).toBe(join(root, 'app/web'));
    });

    it.each([['missing'], ['../src'], ['app/../../x'], ['/../src']])(
      'ends the build with InvalidContextDirectory for %j',
      async (dir) => {
        await expect(contextOf(root, dir, 'must-exist')).rejects.toMatchObject({
          reason: 'InvalidContextDirectory',
        });
      },
    );

    it('refuses a contextDir that is a symlink out of the source', async () => {
      symlinkSync(tmp.path, join(root, 'out'));
      await expect(contextOf(root, 'out', 'must-exist')).rejects.toThrow(/does not exist/);
    });

    it('creates the contextDir of a source that is only a Dockerfile, replacing links', async () => {
      symlinkSync(tmp.path, join(root, 'link'));

      expect(await contextOf(root, 'link/sub', 'create')).toBe(join(root, 'link/sub'));
      expect(lstatSync(join(root, 'link')).isDirectory()).toBe(true);
    });

    it('never creates a contextDir outside the source', async () => {
      await expect(contextOf(root, '../escape', 'create')).rejects.toMatchObject({
        reason: 'InvalidContextDirectory',
      });
    });
  });

  describe(writeDockerfile.name, () => {
    it('replaces a Dockerfile symlink instead of writing through it', () => {
      const victim = join(tmp.path, 'victim');
      writeFileSync(victim, 'keep');
      symlinkSync(victim, join(root, 'Dockerfile'));

      writeDockerfile(root, 'FROM scratch\n');

      expect(readFileSync(victim, 'utf8')).toBe('keep');
      expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    });
  });
});
