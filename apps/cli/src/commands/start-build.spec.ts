import { execFileSync } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { aBuild, aBuildIn, bcPath, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { tarEntries } from '../testing/tar-entries.js';
import { writeTree } from '../testing/temp-dirs.js';
import { parseStartBuildArgs, toBuildRequest } from './start-build.js';

describe('parseStartBuildArgs', () => {
  it('collects env, build args and flags', () => {
    const request = parseStartBuildArgs('hello', {
      env: ['A=1'],
      buildArg: ['V=2'],
      cache: false,
      commit: 'abc',
      follow: true,
    });
    expect(request).toEqual({
      name: 'hello',
      clone: false,
      commit: 'abc',
      env: [{ name: 'A', value: '1' }],
      buildArgs: [{ name: 'V', value: '2' }],
      noCache: true,
      follow: true,
      wait: false,
    });
  });

  it('picks the one --from-* source', () => {
    expect(parseStartBuildArgs('app', { fromDir: '.' }).binary).toEqual({ kind: 'dir', path: '.' });
    expect(parseStartBuildArgs('app', { fromRepo: 'r' }).binary).toEqual({
      kind: 'repo',
      path: 'r',
    });
  });

  it('clones with --from-build', () => {
    expect(parseStartBuildArgs(undefined, { fromBuild: 'hello-2' })).toMatchObject({
      name: 'hello-2',
      clone: true,
    });
  });

  it.each([
    [undefined, {}, 'you must name the BuildConfig'],
    ['a', { fromBuild: 'b' }, 'not both'],
    ['a', { fromDir: '.', fromFile: 'f' }, '--from-dir and --from-file exclude each other'],
    ['a', { fromDir: '.', env: ['A=1'] }, 'cannot be combined with --from-dir'],
    ['a', { fromFile: 'f', cache: false }, 'cannot be combined with --from-file'],
    ['a', { env: ['NOEQUALS'] }, 'expected NAME=VALUE'],
  ])('refuses %s %j', (name, options, message) => {
    expect(() => parseStartBuildArgs(name, options)).toThrow(UsageError);
    expect(() => parseStartBuildArgs(name, options)).toThrow(message);
  });
});

describe('toBuildRequest', () => {
  it('puts env at the top, build args and noCache in dockerStrategyOptions, the commit in revision', () => {
    const body = toBuildRequest(
      parseStartBuildArgs('hello', {
        env: ['A=1'],
        buildArg: ['V=2'],
        cache: false,
        commit: 'abc',
      }),
    );
    expect(body).toEqual({
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: 'hello' },
      env: [{ name: 'A', value: '1' }],
      dockerStrategyOptions: { buildArgs: [{ name: 'V', value: '2' }], noCache: true },
      revision: { type: 'Git', git: { commit: 'abc' } },
      triggeredBy: [{ message: 'Manually triggered' }],
    });
  });

  it('sends only the name and the cause when nothing is overridden', () => {
    expect(toBuildRequest(parseStartBuildArgs('hello', {}))).toEqual({
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: 'hello' },
      triggeredBy: [{ message: 'Manually triggered' }],
    });
  });
});

describe('kiln start-build', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  const created = (name = 'hello-4') => ({ status: 201, json: aBuildIn('New', name) });

  it('POSTs a BuildRequest to instantiate and prints the build started', async () => {
    api.on('POST', `${bcPath('demo', 'hello')}/instantiate`, created());

    const run = await runKiln(api.url, [
      'start-build',
      'hello',
      '-e',
      'A=1',
      '--build-arg',
      'V=2',
      '--no-cache',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('build.build.openshift.io/hello-4 started\n');
    const request = api.requests[0];
    expect(request?.headers.authorization).toBe('Bearer test-token');
    expect(request?.json()).toMatchObject({
      kind: 'BuildRequest',
      metadata: { name: 'hello' },
      env: [{ name: 'A', value: '1' }],
      dockerStrategyOptions: { buildArgs: [{ name: 'V', value: '2' }], noCache: true },
    });
  });

  it('clones a build with --from-build', async () => {
    api.on('POST', `${buildPath('demo', 'hello-2')}/clone`, created());

    const run = await runKiln(api.url, ['start-build', '--from-build', 'hello-2']);

    expect(run.code).toBe(0);
    expect(api.requests[0]?.json()).toMatchObject({ metadata: { name: 'hello-2' } });
  });

  it('shows an API error as one line and exits 1', async () => {
    api.on(
      'POST',
      `${bcPath('demo', 'hello')}/instantiate`,
      statusReply(422, 'Invalid', 'invalid', [
        { field: 'env[0].name', message: 'Invalid value: "1A"' },
      ]),
    );

    const run = await runKiln(api.url, ['start-build', 'hello', '-e', '1A=x']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: env[0].name: Invalid value: "1A"\n');
  });

  describe('with --from-*', () => {
    const binaryPath = `${bcPath('demo', 'app')}/instantiatebinary`;

    it('--from-dir streams a tar.gz honouring ignore files and skipping .git', async () => {
      const dir = writeTree({
        '.git/config': '[core]',
        '.gitignore': 'dist/\n',
        '.dockerignore': 'notes.md\n',
        'dist/app.js': 'built',
        'notes.md': 'todo',
        Dockerfile: 'FROM x\n',
        'src/index.js': 'console.log(1)\n',
      });
      api.on('POST', binaryPath, created('app-1'));

      const run = await runKiln(api.url, ['start-build', 'app', '--from-dir', dir]);

      expect(run.code).toBe(0);
      const upload = api.requests[0];
      expect(upload?.headers['content-type']).toBe('application/octet-stream');
      expect(upload?.headers['transfer-encoding']).toBe('chunked');
      expect([...upload!.query.keys()]).toEqual([]);
      const entries = tarEntries(upload!.body);
      expect([...entries.keys()]).toEqual([
        '.dockerignore',
        '.gitignore',
        'Dockerfile',
        'src/',
        'src/index.js',
      ]);
      expect(entries.get('src/index.js')).toBe('console.log(1)\n');
      expect(run.stderr).toContain(
        `Uploading directory "${dir}" as binary input for the build ...`,
      );
      expect(run.stderr).toMatch(/Uploading finished \(\d+(\.\d)? (B|KiB)\)/);
      expect(run.stdout).toBe('build.build.openshift.io/app-1 started\n');
    });

    it('--from-file sends the file as it is with asFile=<basename>', async () => {
      const dir = writeTree({ 'index.html': '<h1>hi</h1>' });
      api.on('POST', binaryPath, created('app-1'));

      const run = await runKiln(api.url, [
        'start-build',
        'app',
        '--from-file',
        join(dir, 'index.html'),
        '--commit',
        'abc',
      ]);

      expect(run.code).toBe(0);
      expect(api.requests[0]?.query.get('asFile')).toBe('index.html');
      expect(api.requests[0]?.query.get('revision.commit')).toBe('abc');
      expect(api.requests[0]?.text).toBe('<h1>hi</h1>');
    });

    it('--from-archive sends the archive without asFile', async () => {
      const dir = writeTree({});
      const archive = join(dir, 'src.tar.gz');
      writeFileSync(archive, gzipSync(Buffer.alloc(1024)));
      api.on('POST', binaryPath, created('app-1'));

      const run = await runKiln(api.url, ['start-build', 'app', '--from-archive', archive]);

      expect(run.code).toBe(0);
      expect(api.requests[0]?.query.has('asFile')).toBe(false);
      expect(api.requests[0]?.body.equals(gzipSync(Buffer.alloc(1024)))).toBe(true);
    });

    it('--from-repo sends the committed tree of HEAD with the revision from git log', async () => {
      const repo = writeTree({ 'app.txt': 'committed\n', '.gitignore': '' });
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', repo, ...args], {
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'Ada',
            GIT_AUTHOR_EMAIL: 'ada@example.com',
            GIT_COMMITTER_NAME: 'Bob',
            GIT_COMMITTER_EMAIL: 'bob@example.com',
          },
        })
          .toString()
          .trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'First commit');
      writeFileSync(join(repo, 'uncommitted.txt'), 'not sent');
      const head = git('rev-parse', 'HEAD');
      api.on('POST', binaryPath, created('app-1'));

      const run = await runKiln(api.url, ['start-build', 'app', '--from-repo', repo]);

      expect(run.stderr).toContain(`at commit "${head}"`);
      expect(run.code).toBe(0);
      const upload = api.requests[0]!;
      expect(Object.fromEntries(upload.query)).toEqual({
        'revision.commit': head,
        'revision.message': 'First commit',
        'revision.authorName': 'Ada',
        'revision.authorEmail': 'ada@example.com',
        'revision.committerName': 'Bob',
        'revision.committerEmail': 'bob@example.com',
      });
      const entries = tarEntries(upload.body);
      expect(entries.get('app.txt')).toBe('committed\n');
      expect(entries.has('uncommitted.txt')).toBe(false);
    });

    it("--from-repo fails with git's reason outside a repository", async () => {
      const run = await runKiln(api.url, ['start-build', 'app', '--from-repo', writeTree({})]);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: git log in .*: fatal: not a git repository/m);
      expect(api.requests).toHaveLength(0);
    });

    it('shows progress on a terminal', async () => {
      const dir = writeTree({ 'big.bin': 'x'.repeat(300_000) });
      api.on('POST', binaryPath, created('app-1'));

      const run = await runKiln(
        api.url,
        ['start-build', 'app', '--from-file', join(dir, 'big.bin')],
        {
          interactive: true,
        },
      );

      expect(run.stderr).toContain('Uploaded ');
      expect(run.stderr).toContain('of 293.0 KiB');
      expect(run.stderr).toContain('Uploading finished (293.0 KiB)');
    });
  });

  describe('--follow and --wait', () => {
    it('--follow streams the log to its end and exits 0 when the build completes', async () => {
      api.on('POST', `${bcPath('demo', 'hello')}/instantiate`, created());
      api.on('GET', `${buildPath('demo', 'hello-4')}/log`, (_req, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('STEP 1/2: FROM x\n');
        setTimeout(() => res.end('STEP 2/2: RUN true\n'), 20);
        return undefined;
      });
      api.on('GET', buildPath('demo', 'hello-4'), { json: aBuildIn('Complete', 'hello-4') });

      const run = await runKiln(api.url, ['start-build', 'hello', '--follow']);

      expect(run.code).toBe(0);
      expect(
        api.received('GET', `${buildPath('demo', 'hello-4')}/log`)[0]?.query.get('follow'),
      ).toBe('true');
      expect(run.stdout).toBe(
        'build.build.openshift.io/hello-4 started\nSTEP 1/2: FROM x\nSTEP 2/2: RUN true\n',
      );
    });

    it('--follow retries while the build has not started, then exits 1 when it fails', async () => {
      let logCalls = 0;
      api.on('POST', `${bcPath('demo', 'hello')}/instantiate`, created());
      api.on('GET', `${buildPath('demo', 'hello-4')}/log`, () => {
        logCalls++;
        return logCalls === 1
          ? statusReply(400, 'BadRequest', 'build hello-4 has not started')
          : { text: 'boom\n' };
      });
      let gets = 0;
      api.on('GET', buildPath('demo', 'hello-4'), () => {
        gets++;
        if (gets === 1) {
          return { json: aBuildIn('Pending', 'hello-4') };
        }
        const failed = aBuildIn('Failed', 'hello-4');
        return {
          json: {
            ...failed,
            status: {
              phase: 'Failed',
              reason: 'DockerBuildFailed',
              message: 'Docker build strategy has failed.',
            },
          },
        };
      });
      const sleeps: number[] = [];

      const run = await runKiln(api.url, ['start-build', 'hello', '-F'], { sleeps });

      expect(sleeps).toEqual([1000]);
      expect(run.stdout).toContain('boom\n');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'error: build hello-4 ended Failed (DockerBuildFailed): Docker build strategy has failed.\n',
      );
    });

    it('--wait watches the build from its resourceVersion until it ends', async () => {
      api.on('POST', `${bcPath('demo', 'hello')}/instantiate`, created());
      api.on('GET', buildPath('demo', 'hello-4'), {
        json: {
          ...aBuildIn('Running', 'hello-4'),
          metadata: { ...aBuild().metadata, name: 'hello-4', resourceVersion: '50' },
        },
      });
      api.on('GET', buildPath('demo'), (req, res: ServerResponse) => {
        expect(req.query.get('watch')).toBe('true');
        res.writeHead(200, { 'content-type': 'application/json' });
        const other = { ...aBuildIn('Complete', 'hello-3') };
        const done = { ...aBuildIn('Complete', 'hello-4') };
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: other })}\n`);
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: done })}\n`);
        return undefined;
      });

      const run = await runKiln(api.url, ['start-build', 'hello', '--wait']);

      expect(run.code).toBe(0);
      const watch = api.received('GET', buildPath('demo'))[0];
      expect(watch?.query.get('resourceVersion')).toBe('50');
      expect(watch?.query.get('labelSelector')).toBe('openshift.io/build-config.name=hello');
    });

    it('--wait falls back to polling when watching is not served', async () => {
      api.on('POST', `${bcPath('demo', 'hello')}/instantiate`, created());
      let gets = 0;
      api.on('GET', buildPath('demo', 'hello-4'), () => {
        gets++;
        return { json: aBuildIn(gets < 3 ? 'Running' : 'Cancelled', 'hello-4') };
      });
      api.on(
        'GET',
        buildPath('demo'),
        statusReply(405, 'MethodNotAllowed', 'watch is not supported'),
      );
      const sleeps: number[] = [];

      const run = await runKiln(api.url, ['start-build', 'hello', '-w'], { sleeps });

      expect(gets).toBe(3);
      expect(sleeps).toEqual([1000, 1000]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('error: build hello-4 ended Cancelled\n');
    });
  });
});
