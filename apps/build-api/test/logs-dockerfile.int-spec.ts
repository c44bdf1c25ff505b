import { setTimeout as sleep } from 'node:timers/promises';
import { BuildLogWriter, Subjects } from '@kiln/events';
import { BuildLogReader } from '../src/logs/build-log.reader.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { responseReader } from './response-reader.js';

type Build = {
  metadata: { name: string; namespace: string; uid: string };
  spec: Record<string, unknown>;
};

/** Reads a text response as it arrives, with a deadline on each wait. */
function textReader(response: Response, close: () => void) {
  const stream = responseReader(response);
  return {
    /** Waits until the text read so far contains `wanted`. */
    async until(wanted: string, ms = 5000): Promise<string> {
      const deadline = Date.now() + ms;
      while (!stream.read.text.includes(wanted)) {
        if (stream.read.ended || !(await stream.pump(Math.max(1, deadline - Date.now())))) {
          throw new Error(`"${wanted}" did not arrive; got ${JSON.stringify(stream.read.text)}`);
        }
      }
      return stream.read.text;
    },
    ended: stream.ended,
    close,
  };
}

describe('build logs and Dockerfiles', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  const instantiate = async (name: string): Promise<Build> => {
    const response = await api.request('POST', `${bcPath('a', name)}/instantiate`, {
      body: { kind: 'BuildRequest', metadata: { name } },
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Build;
  };
  const newBuild = async (name: string): Promise<Build> => {
    expect(
      (
        await api.request('POST', bcPath('a'), {
          body: aBuildConfig(name, { runPolicy: 'Parallel' }),
        })
      ).status,
    ).toBe(201);
    return instantiate(name);
  };
  const writer = (build: Build) =>
    new BuildLogWriter(
      api.bus.js,
      { namespace: build.metadata.namespace, name: build.metadata.name, uid: build.metadata.uid },
      'Build',
    );
  const log = async (build: Build, query = '') => {
    const response = await api.request('GET', `${buildPath('a', build.metadata.name)}/log${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };
  const follow = async (build: Build, query = '') => {
    const controller = new AbortController();
    const response = await fetch(
      `${api.url}${buildPath('a', build.metadata.name)}/log?follow=true${query}`,
      { headers: { authorization: `Bearer ${api.tokens.admin}` }, signal: controller.signal },
    );
    expect(response.status).toBe(200);
    return textReader(response, () => controller.abort());
  };
  const cancel = (build: Build) =>
    api.request('PATCH', buildPath('a', build.metadata.name), {
      body: { status: { cancelled: true } },
      contentType: 'application/merge-patch+json',
    });

  describe('GET …/log', () => {
    let build: Build;
    beforeAll(async () => {
      build = await newBuild('logged');
      const lines = writer(build);
      for (const line of ['one', 'two', 'three', 'four']) {
        lines.line(line);
      }
      await lines.flush();
    });

    it('returns the whole log', async () => {
      expect(await log(build)).toBe('one\ntwo\nthree\nfour\n');
    });

    it('returns the last tailLines', async () => {
      expect(await log(build, '?tailLines=2')).toBe('three\nfour\n');
    });

    it('prefixes each line with its RFC 3339 time', async () => {
      const lines = (await log(build, '?timestamps=true')).trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      for (const line of lines) {
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z \w+$/);
      }
    });

    it('stops at limitBytes', async () => {
      expect(await log(build, '?limitBytes=6')).toBe('one\ntw');
    });

    it("shows the log of the config's previous build with previous=true", async () => {
      const second = await instantiate('logged');
      expect(second.metadata.name).toBe('logged-2');
      const lines = writer(second);
      lines.line('second build');
      await lines.flush();

      expect(await log(second, '?previous=true')).toBe('one\ntwo\nthree\nfour\n');
      expect(await log(second, '?previous=true&tailLines=1')).toBe('four\n');
      expect(await log(second)).toBe('second build\n');
    });

    it('answers 400 to previous=true when there is no previous build', async () => {
      const first = await api.request('GET', `${buildPath('a', 'logged-1')}/log?previous=true`);
      expect(first.status).toBe(400);
      expect(await first.json()).toMatchObject({
        kind: 'Status',
        code: 400,
        message:
          'build "logged-1" has no previous build: it is the first build of BuildConfig "logged"',
      });

      const only = await newBuild('pruned');
      await instantiate('pruned');
      const deleted = await api.request('DELETE', buildPath('a', only.metadata.name));
      expect(deleted.status).toBe(200);
      const gone = await api.request('GET', `${buildPath('a', 'pruned-2')}/log?previous=true`);
      expect(gone.status).toBe(400);
      expect(((await gone.json()) as { message: string }).message).toBe(
        'build "pruned-2" has no previous build: "pruned-1" no longer exists',
      );
    });

    it('answers 400 naming the field to an option that does not decode', async () => {
      const response = await api.request(
        'GET',
        `${buildPath('a', 'logged-1')}/log?previous=perhaps`,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        details: { causes: [{ field: 'previous' }] },
      });
    });

    it('answers 422 to an invalid option', async () => {
      const response = await api.request('GET', `${buildPath('a', 'logged-1')}/log?tailLines=-1`);
      expect(response.status).toBe(422);
    });
  });

  describe('GET …/log?follow=true', () => {
    it('returns lines as they are written and ends when the build ends', async () => {
      const build = await newBuild('followed');
      const lines = writer(build);
      lines.line('before');
      await lines.flush();
      const stream = await follow(build);
      await stream.until('before\n');
      lines.line('during 1');
      await lines.flush();
      await stream.until('during 1\n');
      lines.line('during 2');
      await lines.flush();
      expect(await stream.until('during 2\n')).toBe('before\nduring 1\nduring 2\n');
      expect(await stream.ended(700)).toBe(false);

      expect((await cancel(build)).status).toBe(200);
      expect(await stream.ended()).toBe(true);
    });

    it('with tailLines, starts from the last lines written so far', async () => {
      const build = await newBuild('tailed');
      const lines = writer(build);
      ['a', 'b', 'c'].forEach((l) => lines.line(l));
      await lines.flush();
      const stream = await follow(build, '&tailLines=1');
      await stream.until('c\n');
      lines.line('d');
      await lines.flush();
      expect(await stream.until('d\n')).toBe('c\nd\n');
      stream.close();
    });

    it('stops reading when the client disconnects', async () => {
      const build = await newBuild('abandoned');
      const reader = api.app.get(BuildLogReader);
      const stream = await follow(build);
      for (let i = 0; i < 50 && reader.followers === 0; i++) {
        await sleep(50);
      }
      expect(reader.followers).toBe(1);
      stream.close();
      for (let i = 0; i < 50 && reader.followers > 0; i++) {
        await sleep(50);
      }
      expect(reader.followers).toBe(0);
    });
  });

  describe('GET …/dockerfile', () => {
    it('serves the Dockerfile the build used, once generated', async () => {
      const build = await newBuild('docker');
      const path = `${buildPath('a', build.metadata.name)}/dockerfile`;
      const before = await api.request('GET', path);
      expect(before.status).toBe(404);
      expect(((await before.json()) as { kind: string }).kind).toBe('Status');

      const dockerfile =
        'FROM 127.0.0.1:5000/kiln/base:latest\nRUN true\nLABEL "io.openshift.build.name"="docker-1"\n';
      await api.bus.publish(
        Subjects.DockerfileGenerated,
        {
          build: {
            metadata: { name: build.metadata.name, namespace: 'a', uid: build.metadata.uid },
            spec: build.spec,
          },
          bundle: {
            repository: '127.0.0.1:5000/kiln-sources/a',
            digest: `sha256:${'0'.repeat(64)}`,
            size: 1,
          },
          dockerfile,
          buildArgs: {},
          baseImages: [],
          steps: [],
          contextDir: '',
          layers: 'None',
          injections: [],
          volumes: [],
        },
        { msgId: `${build.metadata.uid}:dockerfile-test` },
      );
      let response = await api.request('GET', path);
      for (let i = 0; i < 50 && response.status === 404; i++) {
        await sleep(100);
        response = await api.request('GET', path);
      }
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe(dockerfile);
      // Not part of the Build object.
      const got = await (await api.request('GET', buildPath('a', build.metadata.name))).text();
      expect(got).not.toContain('io.openshift.build.name');
    });

    it('answers 404 for a build that does not exist', async () => {
      expect((await api.request('GET', `${buildPath('a', 'nope-1')}/dockerfile`)).status).toBe(404);
    });
  });
});
