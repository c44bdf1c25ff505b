import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { bootstrapService, listeningPort } from '@kiln/service-kit';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { configureBodyParsers } from '../src/http/body-parsers.js';
import { keyIdOf } from '../src/secrets/secret-cipher.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { listVersion, openWatch, watchFrom } from './watch-reader.js';

type Secret = {
  kind: string;
  type: string;
  data?: Record<string, string>;
  stringData?: unknown;
  metadata: { name: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
};
type Status = {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string }[] };
};

const path = (ns: string, name = '') => `/api/v1/namespaces/${ns}/secrets${name ? `/${name}` : ''}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const aSecret = (name: string, fields: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  ...fields,
});

describe('Secrets API', () => {
  let api: BuildApiHarness;
  const key = randomBytes(32);
  beforeAll(async () => {
    api = await startBuildApi({ KILN_SECRET_KEY: key.toString('base64') });
  });
  afterAll(async () => {
    await api.stop();
  });

  const rawRow = async (ns: string, name: string) => {
    const rows = await api.app
      .get(DataSource)
      .query<{ object: unknown; key_id: string; iv: Buffer; ciphertext: Buffer }[]>(
        `SELECT o.object, d.key_id, d.iv, d.ciphertext FROM objects o JOIN secret_data d ON d.object_uid = o.uid
       WHERE o.kind = 'Secret' AND o.namespace = $1 AND o.name = $2`,
        [ns, name],
      );
    return rows[0]!;
  };

  describe('create and read', () => {
    it('merges stringData into data as base64 and never returns stringData', async () => {
      const response = await api.request('POST', path('a'), {
        body: aSecret('merged', {
          data: { user: b64('old') },
          stringData: { user: 'kiln', token: 't0k' },
        }),
      });
      const created = (await response.json()) as Secret;
      expect(response.status).toBe(201);
      expect(created.data).toEqual({ user: b64('kiln'), token: b64('t0k') });
      expect(created.type).toBe('Opaque');
      expect(created).not.toHaveProperty('stringData');
      const read = (await (await api.request('GET', path('a', 'merged'))).json()) as Secret;
      expect(read.data).toEqual(created.data);
      expect(read.metadata.uid).toBe(created.metadata.uid);
    });

    it('stores the data encrypted: the plaintext is nowhere in the row', async () => {
      const value = 'correct-horse-battery-staple';
      await api.request('POST', path('a'), {
        body: aSecret('sealed', { stringData: { password: value } }),
      });
      const row = await rawRow('a', 'sealed');
      const everything = JSON.stringify(row.object) + row.ciphertext.toString('latin1');
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(b64(value));
      expect(row.object).not.toHaveProperty('data');
      expect(row.iv).toHaveLength(12);
      expect(row.key_id).toBe(keyIdOf(key));
    });

    it('uses a new IV for each write', async () => {
      const created = (await (
        await api.request('POST', path('a'), { body: aSecret('iv', { stringData: { a: 'b' } }) })
      ).json()) as Secret;
      const first = await rawRow('a', 'iv');
      await api.request('PUT', path('a', 'iv'), { body: created });
      expect((await rawRow('a', 'iv')).iv.equals(first.iv)).toBe(false);
    });

    it('lists by label selector with the data', async () => {
      await api.request('POST', path('b'), {
        body: aSecret('labelled', {
          metadata: { name: 'labelled', labels: { team: 'x' } },
          stringData: { k: 'v' },
        }),
      });
      await api.request('POST', path('b'), { body: aSecret('other', { stringData: { k: 'w' } }) });
      const list = (await (
        await api.request('GET', `${path('b')}?labelSelector=team%3Dx`)
      ).json()) as {
        kind: string;
        items: Secret[];
      };
      expect(list.kind).toBe('SecretList');
      expect(list.items.map((s) => [s.metadata.name, s.data])).toEqual([
        ['labelled', { k: b64('v') }],
      ]);
    });

    it('answers 404 as Kubernetes does for a missing Secret', async () => {
      const response = await api.request('GET', path('a', 'nope'));
      expect(response.status).toBe(404);
      expect(((await response.json()) as Status).message).toBe('secrets "nope" not found');
    });

    it('answers 409 for a name that exists', async () => {
      await api.request('POST', path('a'), { body: aSecret('twice') });
      const response = await api.request('POST', path('a'), { body: aSecret('twice') });
      expect(response.status).toBe(409);
      expect(((await response.json()) as Status).reason).toBe('AlreadyExists');
    });
  });

  describe('validation', () => {
    it.each([
      ['kubernetes.io/dockerconfigjson', {}, 'data[.dockerconfigjson]'],
      ['kubernetes.io/dockercfg', { stringData: { '.dockercfg': 'not json' } }, 'data[.dockercfg]'],
      ['kubernetes.io/basic-auth', {}, 'data[username]'],
      ['kubernetes.io/ssh-auth', { data: { known_hosts: b64('x') } }, 'data[ssh-privatekey]'],
    ])('answers 422 for a %s Secret without its key', async (type, fields, field) => {
      const response = await api.request('POST', path('a'), {
        body: aSecret(`typed-${type.split('/')[1]}`, { type, ...fields }),
      });
      const status = (await response.json()) as Status;
      expect(response.status).toBe(422);
      expect(status.reason).toBe('Invalid');
      expect(status.details?.causes?.map((c) => c.field)).toContain(field);
    });

    it('accepts each type with its keys', async () => {
      const cases: [string, Record<string, string>][] = [
        ['kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '{"auths":{}}' }],
        ['kubernetes.io/dockercfg', { '.dockercfg': '{}' }],
        ['kubernetes.io/basic-auth', { username: 'u', password: 'p' }],
        ['kubernetes.io/ssh-auth', { 'ssh-privatekey': '-----BEGIN OPENSSH PRIVATE KEY-----' }],
        ['Opaque', {}],
      ];
      for (const [i, [type, stringData]] of cases.entries()) {
        const response = await api.request('POST', path('a'), {
          body: aSecret(`ok-${i}`, { type, stringData }),
        });
        expect([type, response.status]).toEqual([type, 201]);
      }
    });

    it('names the key whose data is not base64, without echoing the value', async () => {
      const response = await api.request('POST', path('a'), {
        body: aSecret('bad-b64', { data: { token: 'hunter2!!' } }),
      });
      const text = await response.text();
      expect(response.status).toBe(422);
      expect(text).toContain('data[token]');
      expect(text).not.toContain('hunter2');
    });

    it('refuses a namespace other than the URL one', async () => {
      const response = await api.request('POST', path('a'), {
        body: aSecret('elsewhere', { metadata: { name: 'elsewhere', namespace: 'b' } }),
      });
      expect(response.status).toBe(400);
    });
  });

  describe('replace and delete', () => {
    it('answers 409 to a stale resourceVersion', async () => {
      const created = (await (
        await api.request('POST', path('a'), { body: aSecret('stale', { stringData: { a: '1' } }) })
      ).json()) as Secret;
      const first = await api.request('PUT', path('a', 'stale'), {
        body: { ...created, data: { a: b64('2') } },
      });
      expect(first.status).toBe(200);
      const second = await api.request('PUT', path('a', 'stale'), {
        body: { ...created, data: { a: b64('3') } },
      });
      expect(second.status).toBe(409);
      const read = (await (await api.request('GET', path('a', 'stale'))).json()) as Secret;
      expect(read.data).toEqual({ a: b64('2') });
    });

    it('applies a merge patch, stringData merged over the stored data', async () => {
      await api.request('POST', path('a'), {
        body: aSecret('patched', { stringData: { user: 'kiln', password: 'one' } }),
      });
      const response = await api.request('PATCH', path('a', 'patched'), {
        body: { stringData: { password: 'two' }, metadata: { labels: { rotated: 'yes' } } },
        contentType: 'application/merge-patch+json',
      });
      const patched = (await response.json()) as Secret;
      expect(response.status).toBe(200);
      expect(patched.data).toEqual({ user: b64('kiln'), password: b64('two') });
      expect(patched.metadata.labels).toEqual({ rotated: 'yes' });
      expect(patched).not.toHaveProperty('stringData');
    });

    it('refuses to change the data of an immutable Secret or its type', async () => {
      const created = (await (
        await api.request('POST', path('a'), {
          body: aSecret('frozen', { immutable: true, stringData: { a: '1' } }),
        })
      ).json()) as Secret;
      const data = await api.request('PUT', path('a', 'frozen'), {
        body: { ...created, data: { a: b64('2') } },
      });
      expect(data.status).toBe(422);
      const type = await api.request('PUT', path('a', 'frozen'), {
        body: { ...created, type: 'kubernetes.io/basic-auth', data: { username: b64('u') } },
      });
      expect(((await type.json()) as Status).details?.causes?.map((c) => c.field)).toContain(
        'type',
      );
      const labels = await api.request('PUT', path('a', 'frozen'), {
        body: { ...created, metadata: { ...created.metadata, labels: { x: 'y' } } },
      });
      expect(labels.status).toBe(200);
    });

    it('deletes with a Kubernetes Status, then answers 404', async () => {
      const created = (await (
        await api.request('POST', path('a'), { body: aSecret('doomed') })
      ).json()) as Secret;
      const response = await api.request('DELETE', path('a', 'doomed'));
      expect(await response.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'doomed', kind: 'secrets', uid: created.metadata.uid },
      });
      expect((await api.request('DELETE', path('a', 'doomed'))).status).toBe(404);
      const rows = await api.app
        .get(DataSource)
        .query<unknown[]>(`SELECT 1 FROM secret_data WHERE object_uid = $1`, [
          created.metadata.uid,
        ]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('watch=true', () => {
    const versionOf = (ns: string) => listVersion(api, path(ns));
    const watch = (ns: string, version: string) => watchFrom<Secret>(api, path(ns), version);
    const decoded = (data: Record<string, string> | undefined) =>
      Object.fromEntries(
        Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
      );

    it('streams a Secret created, updated and deleted, in order, with its data', async () => {
      const events = await watch('sw', await versionOf('sw'));
      try {
        // Each event is read before the next write: an event's data is the Secret's current one.
        await api.request('POST', path('sw'), {
          body: aSecret('live', { stringData: { password: 'first' } }),
        });
        const added = await events.next();
        await api.request('PATCH', path('sw', 'live'), {
          body: { stringData: { password: 'second', user: 'kiln' } },
          contentType: 'application/merge-patch+json',
        });
        const modified = await events.next();
        await api.request('DELETE', path('sw', 'live'));
        const deleted = await events.next();
        expect(
          [added, modified, deleted].map((e) => [e.type, e.object.kind, e.object.metadata.name]),
        ).toEqual([
          ['ADDED', 'Secret', 'live'],
          ['MODIFIED', 'Secret', 'live'],
          ['DELETED', 'Secret', 'live'],
        ]);
        expect(decoded(added.object.data)).toEqual({ password: 'first' });
        expect(decoded(modified.object.data)).toEqual({ password: 'second', user: 'kiln' });
        expect(modified.object).not.toHaveProperty('stringData');
      } finally {
        events.close();
      }
    });

    it("replays only the changes after a list's resourceVersion", async () => {
      await api.request('POST', path('sr'), {
        body: aSecret('earlier', { stringData: { k: 'a' } }),
      });
      const version = await versionOf('sr');
      await api.request('POST', path('sr'), { body: aSecret('later', { stringData: { k: 'b' } }) });
      const events = await watch('sr', version);
      try {
        const replayed = await events.drain();
        expect(
          replayed.map((e) => [e.type, e.object.metadata.name, decoded(e.object.data)]),
        ).toEqual([['ADDED', 'later', { k: 'b' }]]);
      } finally {
        events.close();
      }
    });
  });

  describe('authorization', () => {
    it('refuses a view token to read or list Secrets, like the Kubernetes view role', async () => {
      await api.request('POST', path('a'), { body: aSecret('hidden', { stringData: { k: 'v' } }) });
      const one = await api.request('GET', path('a', 'hidden'), { token: api.tokens.viewA });
      const list = await api.request('GET', path('a'), { token: api.tokens.viewA });
      expect([one.status, list.status]).toEqual([403, 403]);
      expect(await one.text()).not.toContain(b64('v'));
    });

    it('refuses a view token to watch Secrets, as it refuses the list', async () => {
      const { response, events } = await openWatch<Secret>(
        `${api.url}${path('a')}?watch=true`,
        api.tokens.viewA,
      );
      events.close();
      expect(response.status).toBe(403);
    });

    it('lets an edit token of the namespace read, and no other', async () => {
      expect(
        (await api.request('GET', path('a', 'hidden'), { token: api.tokens.editAB })).status,
      ).toBe(200);
      expect(
        (await api.request('GET', path('a', 'hidden'), { token: api.tokens.editB })).status,
      ).toBe(403);
    });
  });

  describe('key rotation', () => {
    const bootWith = async (env: Record<string, string>): Promise<INestApplication> =>
      bootstrapService(AppModule.forRoot({ ...api.config, ...env }), {
        name: 'build-api',
        host: '127.0.0.1',
        port: 0,
        logLevel: 'error',
        configure: configureBodyParsers,
      });

    it('reads data sealed with an old key and seals it with the new key on the next write', async () => {
      const created = (await (
        await api.request('POST', path('a'), {
          body: aSecret('rotating', { stringData: { pw: 's3cret' } }),
        })
      ).json()) as Secret;
      expect((await rawRow('a', 'rotating')).key_id).toBe(keyIdOf(key));

      const newKey = randomBytes(32);
      const rotated = await bootWith({
        KILN_SECRET_KEY: newKey.toString('base64'),
        KILN_SECRET_KEYS_OLD: key.toString('base64'),
      });
      const url = `http://127.0.0.1:${listeningPort(rotated)}`;
      const headers = {
        authorization: `Bearer ${api.tokens.admin}`,
        'content-type': 'application/json',
      };
      try {
        const read = (await (
          await fetch(`${url}${path('a', 'rotating')}`, { headers })
        ).json()) as Secret;
        expect(read.data).toEqual({ pw: b64('s3cret') });
        expect((await rawRow('a', 'rotating')).key_id).toBe(keyIdOf(key));

        const put = await fetch(`${url}${path('a', 'rotating')}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify(created),
        });
        expect(put.status).toBe(200);
        expect((await rawRow('a', 'rotating')).key_id).toBe(keyIdOf(newKey));
      } finally {
        await rotated.close();
      }
      // The first instance knows only the old key: it fails, and says why without any value.
      const stale = await api.request('GET', path('a', 'rotating'));
      const text = await stale.text();
      expect(stale.status).toBe(500);
      expect(text).toContain(keyIdOf(newKey));
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain(b64('s3cret'));
    });
  });
});
