import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Build, Status } from '@kiln/build-types';
// The archive builders artifact-store's own extraction tests use: they write any name given.
import {
  tarGzOf,
  tarOf,
  zipOf,
  type TarSpec,
} from '../../libs/artifact-store/src/archive/archive-builders.spec-helper.js';
import { aDockerBuildConfig, sharedFarm, type Farm } from './support/farm.js';

const id = randomBytes(4).toString('hex');
/** Paths outside the build that a hostile source tries to write; none may exist afterwards. */
const outside = (what: string): string => `/tmp/kiln-${what}-${id}`;

/** An archive a binary build must refuse, and the entry (or limit) its failure must name. */
type BadArchive = { what: string; archive: () => Buffer; names: string; escapes?: string };

const ARCHIVES: BadArchive[] = [
  {
    what: 'a tar-slip entry (../)',
    archive: () => tarGzOf([{ name: `../../../../../../..${outside('slip')}`, body: 'x' }]),
    names: `../../../../../../..${outside('slip')}`,
    escapes: outside('slip'),
  },
  {
    what: 'an absolute path',
    archive: () => tarOf([{ name: outside('abs'), body: 'x' }]),
    names: outside('abs'),
    escapes: outside('abs'),
  },
  {
    what: 'a symlink leading out, then a file through it',
    archive: () =>
      tarGzOf([
        { name: 'esc', type: '2', linkname: '/tmp' },
        { name: `esc/kiln-symlink-${id}`, body: 'x' },
      ]),
    names: 'esc',
    escapes: outside('symlink'),
  },
  {
    what: 'a symlink with ../ leading out',
    archive: () =>
      tarGzOf([
        { name: 'up', type: '2', linkname: '../../../../../../../tmp' },
        { name: `up/kiln-symlink2-${id}`, body: 'x' },
      ]),
    names: 'up',
    escapes: outside('symlink2'),
  },
  {
    what: 'a hard link to a file outside',
    archive: () => tarGzOf([{ name: 'passwd', type: '1', linkname: '/etc/passwd' }]),
    names: 'passwd',
  },
  {
    what: 'a character device node',
    archive: () => tarGzOf([{ name: 'dev-null', type: '3' }]),
    names: 'dev-null',
  },
  {
    what: 'a FIFO',
    archive: () => tarGzOf([{ name: 'pipe', type: '6' }]),
    names: 'pipe',
  },
  {
    what: 'a zip bomb (200 MB of zeros in a few hundred KB)',
    archive: () =>
      zipOf([{ name: 'zeros.bin', body: Buffer.alloc(200 * 1024 * 1024), deflate: true }]),
    names: 'zeros.bin',
  },
  {
    what: 'a gzip bomb (a tar of 200 MB of zeros)',
    archive: () => tarGzOf([{ name: 'zeros.bin', body: Buffer.alloc(200 * 1024 * 1024) }]),
    names: 'zeros.bin',
  },
  {
    what: 'too many files (6000, over the limit of 5000)',
    archive: () => tarGzOf(Array.from({ length: 6000 }, (_, i): TarSpec => ({ name: `f${i}` }))),
    names: '5000',
  },
  {
    what: 'a path 70 directories deep',
    archive: () => tarGzOf([{ name: 'deep', pax: { path: `${'d/'.repeat(70)}f` }, body: 'x' }]),
    names: 'levels deep',
  },
  {
    what: 'a zip entry with ../',
    archive: () =>
      zipOf([{ name: `../../../../../..${outside('zipslip')}`, body: 'x', deflate: true }]),
    names: outside('zipslip'),
    escapes: outside('zipslip'),
  },
  {
    what: 'a name with a backslash',
    archive: () => tarGzOf([{ name: '..\\..\\evil', body: 'x' }]),
    names: 'backslash',
  },
];

/** Git sources the API accepts as URLs but the source-fetcher refuses to clone. */
const GIT_SOURCES: { what: string; git: Record<string, string>; names: string }[] = [
  { what: 'a file:// URL', git: { uri: 'file:///etc' }, names: 'spec.source.git' },
  { what: 'a local path', git: { uri: '/etc' }, names: 'spec.source.git' },
  { what: 'the fd:: helper', git: { uri: 'fd::3' }, names: 'spec.source.git' },
  {
    what: 'an ssh host that is an option',
    git: { uri: `ssh://-oProxyCommand=touch%20${outside('ssh')}/x` },
    names: 'spec.source.git',
  },
  {
    what: 'an https host starting with "-"',
    git: { uri: 'https://-x/y' },
    names: 'spec.source.git',
  },
  {
    what: 'a ref that is an option',
    git: { uri: 'git://127.0.0.1:1/x', ref: `--upload-pack=touch ${outside('ref')}` },
    names: 'ref',
  },
  { what: 'an ftp:// URL', git: { uri: 'ftp://127.0.0.1/x' }, names: 'ftp' },
];

describe('hostile sources refused by the farm', () => {
  const farm: Farm = sharedFarm('rel-bad-src');

  const noImage = async (name: string): Promise<boolean> =>
    (
      await fetch(`http://${farm.registry}/v2/${farm.namespace}/${name}/manifests/latest`, {
        method: 'HEAD',
      })
    ).status === 404;

  beforeAll(async () => {
    await farm.ensureUp();
  });

  it('refuses every hostile archive of a binary build, naming the entry, writing nothing outside', async () => {
    const results = await Promise.all(
      ARCHIVES.map(async (bad, i) => {
        const name = `archive-${i}`;
        await farm.create(
          'buildconfigs',
          aDockerBuildConfig(name, '', `${farm.registry}/${farm.namespace}/${name}:latest`, {
            source: { type: 'Binary', binary: {} },
          }),
        );
        const started = await farm.call<Build>(
          'POST',
          `buildconfigs/${name}/instantiatebinary`,
          bad.archive(),
          { contentType: 'application/octet-stream' },
        );
        expect({ what: bad.what, status: started.status }).toEqual({ what: bad.what, status: 201 });
        const build = await farm.waitTerminal(started.body.metadata.name ?? '', 120_000);
        return { bad, name, build };
      }),
    );
    for (const { bad, name, build } of results) {
      expect({ what: bad.what, phase: build.status?.phase, reason: build.status?.reason }).toEqual({
        what: bad.what,
        phase: 'Failed',
        reason: 'FetchSourceFailed',
      });
      expect({ what: bad.what, message: build.status?.message }).toEqual({
        what: bad.what,
        message: expect.stringContaining(bad.names) as string,
      });
      expect({ what: bad.what, noImage: await noImage(name) }).toEqual({
        what: bad.what,
        noImage: true,
      });
      if (bad.escapes) {
        expect({ what: bad.what, escaped: existsSync(bad.escapes) }).toEqual({
          what: bad.what,
          escaped: false,
        });
      }
    }
  }, 240_000);

  it('refuses an upload that is no archive, and an asFile name that walks, before any build', async () => {
    await farm.create(
      'buildconfigs',
      aDockerBuildConfig('upload', '', undefined, { source: { type: 'Binary', binary: {} } }),
    );
    const notArchive = await farm.call<Status>(
      'POST',
      'buildconfigs/upload/instantiatebinary',
      'just text',
      {
        contentType: 'application/octet-stream',
      },
    );
    expect(notArchive.status).toBe(400);
    expect(notArchive.body.message).toContain('not a tar, tar.gz or zip archive');
    const walking = await farm.call<Status>(
      'POST',
      'buildconfigs/upload/instantiatebinary?asFile=..%2F..%2Fetc%2Fpasswd',
      'x',
      { contentType: 'application/octet-stream' },
    );
    expect(walking.status).toBe(422);
    expect(walking.body.details?.causes?.map((c) => c.field)).toEqual(['asFile']);
    const config = await farm.call<{ status: { lastVersion: number } }>(
      'GET',
      'buildconfigs/upload',
    );
    expect(config.body.status.lastVersion).toBe(0);
  });

  it('refuses every git source it must not clone, naming the field, running nothing', async () => {
    const results = await Promise.all(
      GIT_SOURCES.map(async (bad, i) => {
        const name = `git-${i}`;
        await farm.create(
          'buildconfigs',
          aDockerBuildConfig(name, '', `${farm.registry}/${farm.namespace}/${name}:latest`, {
            source: { type: 'Git', git: bad.git },
          }),
        );
        return { bad, name, build: await farm.waitTerminal(await farm.instantiate(name), 120_000) };
      }),
    );
    for (const { bad, name, build } of results) {
      expect({ what: bad.what, phase: build.status?.phase, reason: build.status?.reason }).toEqual({
        what: bad.what,
        phase: 'Failed',
        reason: 'FetchSourceFailed',
      });
      expect({ what: bad.what, message: build.status?.message }).toEqual({
        what: bad.what,
        message: expect.stringContaining(bad.names) as string,
      });
      expect(await noImage(name)).toBe(true);
    }
    expect(existsSync(outside('ssh'))).toBe(false);
    expect(existsSync(outside('ref'))).toBe(false);
  }, 180_000);
});
