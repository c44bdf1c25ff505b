import { lstatSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '@kiln/artifact-store';
import { Subjects } from '@kiln/events';
import type { GitDaemon, RegistryServer } from '@kiln/farm';
import { createGitRepo, makeTempDir, startTestGitDaemon, startTestRegistry } from '@kiln/testing';
import { FetcherHarness } from './support/fetcher-harness.js';
import { pushImage } from './support/images.js';

const creds = { username: 'puller', password: 'Pull-canary-3e81' };

describe('the source-fetcher, copying content out of images', () => {
  let fetcher: FetcherHarness;
  let privateRegistry: RegistryServer;
  let daemon: GitDaemon;
  let image: string;
  let privateImage: string;
  const outside = makeTempDir('images-outside');

  beforeAll(async () => {
    [privateRegistry, daemon] = await Promise.all([
      startTestRegistry({ auth: creds }),
      startTestGitDaemon(),
    ]);
    fetcher = await FetcherHarness.start({ KILN_INSECURE_REGISTRIES: privateRegistry.host });
    const files = [
      { name: 'etc/', type: '5', mode: 0o755 },
      { name: 'etc/hostname', data: 'image-hostname\n' },
      { name: 'opt/app/lib/', type: '5', mode: 0o755 },
      { name: 'opt/app/config.txt', data: 'config\n' },
      { name: 'opt/app/lib/a.so', data: 'elf\n' },
      { name: 'opt/app/run', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'opt/app/current', type: '2', linkname: 'lib' },
      { name: 'opt/links/abs', type: '2', linkname: '/etc/hostname' },
      { name: 'data', type: '2', linkname: '/' },
    ];
    image = await pushImage(fetcher.client, 'tools/content', 'v1', files);
    privateImage = await pushImage(
      new RegistryClient({ host: privateRegistry.host, credentials: creds }),
      'private/content',
      'v1',
      files,
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all([fetcher.stop(), privateRegistry.stop(), daemon.stop()]);
    outside.remove();
  });

  const imagesSpec = (paths: { sourcePath: string; destinationDir?: string }[], extra = {}) => ({
    source: {
      images: [{ from: { kind: 'DockerImage', name: image }, paths }],
      dockerfile: 'FROM scratch\n',
      ...extra,
    },
  });

  it("copies a file, a directory and a directory's contents (the /. suffix)", async () => {
    const result = await fetcher.fetch(
      imagesSpec([
        { sourcePath: '/opt/app/config.txt', destinationDir: 'injected/dir' },
        { sourcePath: '/opt/app', destinationDir: 'vendor' },
        { sourcePath: '/opt/app/.', destinationDir: 'flat' },
      ]),
    );

    expect(result.data.message).toBeUndefined();
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'injected/dir/config.txt'), 'utf8')).toBe('config\n');
    expect(readdirSync(join(dir, 'vendor/app')).sort()).toEqual([
      'config.txt',
      'current',
      'lib',
      'run',
    ]);
    expect(readlinkSync(join(dir, 'vendor/app/current'))).toBe('lib');
    expect(lstatSync(join(dir, 'flat/run')).mode & 0o111).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'flat', 'injected', 'vendor']);
  });

  it('resolves paths inside the image, never on the machine (/data -> / stays in the image)', async () => {
    const result = await fetcher.fetch(imagesSpec([{ sourcePath: '/data/../../etc/hostname' }]));

    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'hostname'), 'utf8')).toBe('image-hostname\n');
  });

  it('pulls with the pull secret, whose credentials reach no message', async () => {
    fetcher.secret(
      'pull',
      {
        '.dockerconfigjson': JSON.stringify({
          auths: {
            [privateRegistry.host]: {
              auth: Buffer.from(`${creds.username}:${creds.password}`).toString('base64'),
            },
          },
        }),
      },
      'kubernetes.io/dockerconfigjson',
    );
    const spec = (pullSecret?: string) => ({
      source: {
        images: [
          {
            from: { kind: 'DockerImage', name: privateImage },
            paths: [{ sourcePath: '/opt/app/config.txt' }],
            ...(pullSecret ? { pullSecret: { name: pullSecret } } : {}),
          },
        ],
      },
    });

    const pulled = await fetcher.fetch(spec('pull'));
    const denied = await fetcher.fetch(spec());

    expect(pulled.subject).toBe(Subjects.SourceFetched);
    expect(denied.data.reason).toBe('FetchImageContentFailed');
    expect(denied.data.message).toMatch(new RegExp(`^pulling ${privateImage} failed: `));
    expect(JSON.stringify(pulled) + JSON.stringify(denied)).not.toContain(creds.password);
  });

  it('fails a path the image does not have with FetchImageContentFailed', async () => {
    const result = await fetcher.fetch(imagesSpec([{ sourcePath: '/opt/missing' }]));

    expect(result.data).toMatchObject({
      reason: 'FetchImageContentFailed',
      message: `/opt/missing does not exist in ${image}`,
    });
  });

  it('refuses copied content with a link out of the source, naming it', async () => {
    const result = await fetcher.fetch(
      imagesSpec([{ sourcePath: '/opt/links', destinationDir: 'x' }]),
    );

    expect(result.data).toMatchObject({ reason: 'FetchSourceFailed' });
    expect(result.data.message).toBe(
      'the source cannot be stored: "x/links/abs" is a symlink to "/etc/hostname", outside the source tree (or a loop)',
    );
  });

  it('replaces a repository symlink in the way instead of writing through it', async () => {
    const repo = createGitRepo(daemon.baseDir, 'symlinked');
    symlinkSync(outside.path, join(repo.path, 'vendor'));
    repo.commit({ 'README.md': 'x\n' }, 'symlink to outside');

    const result = await fetcher.fetch({
      source: {
        git: { uri: daemon.url('symlinked') },
        images: [
          {
            from: { kind: 'DockerImage', name: image },
            paths: [{ sourcePath: '/opt/app/config.txt', destinationDir: 'vendor' }],
          },
        ],
      },
    });

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(readdirSync(outside.path)).toEqual([]);
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'vendor/config.txt'), 'utf8')).toBe('config\n');
  });
});
