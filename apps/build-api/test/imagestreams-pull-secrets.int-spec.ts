import { randomBytes } from 'node:crypto';
import { RegistryClient } from '@kiln/artifact-store';
import type { RegistryServer } from '@kiln/farm';
import { startTestRegistry } from '@kiln/testing';
import {
  importPath,
  isPath,
  istagPath,
  pushTinyImage,
  startImageFarm,
  waitFor,
  type ImageFarm,
} from './imagestreams-farm.js';

type Condition = { type: string; status: string; reason: string; message: string };
type Stream = {
  status?: {
    tags?: { tag: string; items: { image: string }[]; conditions?: Condition[] }[];
  };
};
type ImageStatus = {
  tag: string;
  status: { status: string; reason?: string; message?: string; code?: number };
  image?: { dockerImageReference: string };
};

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const secretPath = (ns: string) => `/api/v1/namespaces/${ns}/secrets`;
const tagOf = (stream: Stream, tag: string) => stream.status?.tags?.find((t) => t.tag === tag);

/** Imports from a registry that requires htpasswd basic auth, with the namespace's Secrets. */
describe('image imports with the namespace’s pull secrets', () => {
  const username = 'puller';
  const password = `pw-${randomBytes(12).toString('hex')}`;
  let farm: ImageFarm;
  let registry: RegistryServer;
  let image: { spec: string; digest: string };

  beforeAll(async () => {
    farm = await startImageFarm({
      notify: false,
      env: { KILN_IMAGESTREAM_RESYNC_SECONDS: '1', KILN_IMAGE_IMPORT_INTERVAL_SECONDS: '1' },
    });
    registry = await startTestRegistry({ auth: { username, password } });
    const client = new RegistryClient({
      host: registry.host,
      insecure: true,
      credentials: { username, password },
    });
    image = {
      spec: `${registry.host}/team/app:1`,
      digest: await pushTinyImage(client, 'team/app', '1'),
    };
  });
  afterAll(async () => {
    await registry?.stop();
    await farm?.stop();
  });

  /** Every way the password could show: as it is, and as the header's base64 user:password. */
  const expectNoPassword = (text: string) => {
    expect(text).not.toContain(password);
    expect(text).not.toContain(b64(`${username}:${password}`));
  };

  const dockerConfigJson = (name: string, auths: Record<string, unknown>) => ({
    metadata: { name },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64({ auths }) },
  });

  const importImage = async (ns: string) => {
    const response = await farm.api.request('POST', importPath(ns), {
      body: {
        kind: 'ImageStreamImport',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'app' },
        spec: { import: true, images: [{ from: { kind: 'DockerImage', name: image.spec } }] },
      },
    });
    const text = await response.text();
    expect(response.status).toBe(201);
    return {
      text,
      body: JSON.parse(text) as { status: { images: ImageStatus[]; import: Stream } },
    };
  };

  it('fails Unauthorized without a matching Secret, then imports once one exists', async () => {
    await farm.json('POST', secretPath('p'), {
      ...dockerConfigJson('elsewhere', { 'quay.io': { auth: b64('someone:else') } }),
    });

    const refused = await importImage('p');

    const [failed] = refused.body.status.images;
    expect(failed?.status).toMatchObject({ status: 'Failure', reason: 'Unauthorized', code: 401 });
    expect(failed?.status.message).toContain(`registry ${registry.host}`);
    expect(failed?.status.message).toContain('no pull secret in namespace "p" matched');
    expect(tagOf(refused.body.status.import, '1')?.conditions).toEqual([
      expect.objectContaining({ type: 'ImportSuccess', status: 'False', reason: 'Unauthorized' }),
    ]);

    await farm.json('POST', secretPath('p'), {
      ...dockerConfigJson('private-pull', {
        [`http://${registry.host}/v2/`]: { auth: b64(`${username}:${password}`) },
      }),
    });
    const imported = await importImage('p');

    expect(imported.body.status.images).toMatchObject([
      {
        tag: '1',
        status: { status: 'Success' },
        image: { dockerImageReference: `${registry.host}/team/app@${image.digest}` },
      },
    ]);
    expect(tagOf(imported.body.status.import, '1')?.items[0]?.image).toBe(image.digest);
    expect(tagOf(imported.body.status.import, '1')?.conditions).toBeUndefined();
    expectNoPassword(imported.text);
    expectNoPassword(refused.text);
    expectNoPassword(JSON.stringify(await farm.json('GET', isPath('p', 'app'))));
    expectNoPassword(JSON.stringify(await farm.json('GET', istagPath('p', 'app:1'))));
  });

  it('names the Secrets the registry refused, never their passwords, and tries the next', async () => {
    const wrong = `wrong-${randomBytes(12).toString('hex')}`;
    await farm.json('POST', secretPath('q'), {
      metadata: { name: 'a-stale' },
      type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': b64({ [registry.host]: { auth: b64(`${username}:${wrong}`) } }) },
    });

    const refused = await importImage('q');

    const [failed] = refused.body.status.images;
    expect(failed?.status).toMatchObject({ reason: 'Unauthorized', code: 401 });
    expect(failed?.status.message).toContain(`registry ${registry.host} rejected user "puller"`);
    expect(failed?.status.message).toContain('"a-stale"');
    expect(refused.text).not.toContain(wrong);
    expect(refused.text).not.toContain(b64(`${username}:${wrong}`));

    await farm.json('POST', secretPath('q'), {
      ...dockerConfigJson('b-current', { [registry.host]: { username, password } }),
    });
    const imported = await importImage('q');

    expect(imported.body.status.images[0]?.status.status).toBe('Success');
    expect(tagOf(imported.body.status.import, '1')?.items[0]?.image).toBe(image.digest);
    expectNoPassword(imported.text);
    expect(imported.text).not.toContain(wrong);
  });

  it('uses them in scheduled imports of a spec tag too', async () => {
    await farm.json('POST', isPath('s'), {
      metadata: { name: 'app' },
      spec: {
        tags: [
          {
            name: 'v1',
            from: { kind: 'DockerImage', name: image.spec },
            importPolicy: { scheduled: true },
          },
        ],
      },
    });
    const stream = () => farm.json<Stream>('GET', isPath('s', 'app'));
    const refused = await waitFor(stream, (s) => tagOf(s, 'v1')?.conditions !== undefined);
    expect(tagOf(refused, 'v1')?.conditions).toEqual([
      expect.objectContaining({ reason: 'Unauthorized' }),
    ]);
    expect(tagOf(refused, 'v1')?.conditions?.[0]?.message).toContain(
      'no pull secret in namespace "s" matched',
    );

    await farm.json('POST', secretPath('s'), {
      ...dockerConfigJson('private-pull', {
        [registry.host]: { auth: b64(`${username}:${password}`) },
      }),
    });

    const imported = await waitFor(stream, (s) => (tagOf(s, 'v1')?.items.length ?? 0) > 0);
    expect(tagOf(imported, 'v1')?.items[0]?.image).toBe(image.digest);
    expect(tagOf(imported, 'v1')?.conditions).toBeUndefined();
    expectNoPassword(JSON.stringify(imported));
  });
});
