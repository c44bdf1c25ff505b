import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sha256Digest } from './digest.js';
import { RegistryClient } from './registry.client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** A scripted stand-in for a registry and its token service, for what a real docker-registry cannot show. */
async function fakeRegistry(
  handler: Handler,
): Promise<{ host: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(parts)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

describe(RegistryClient.name, () => {
  describe('bearer auth', () => {
    it('fetches a token from the realm with basic credentials, caches it per scope, and retries', async () => {
      const seen = { tokenRequests: [] as string[], authorizations: [] as string[] };
      let host = '';
      const fake = await fakeRegistry((req, res) => {
        if (req.url?.startsWith('/token')) {
          seen.tokenRequests.push(`${req.url} ${req.headers.authorization ?? ''}`);
          res.end(JSON.stringify({ token: 'tok-123456' }));
          return;
        }
        seen.authorizations.push(req.headers.authorization ?? '');
        if (req.headers.authorization !== 'Bearer tok-123456') {
          res
            .writeHead(401, {
              'www-authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:a/b:pull"`,
            })
            .end();
          return;
        }
        res.writeHead(200).end();
      });
      host = fake.host;
      try {
        const client = new RegistryClient({
          host: fake.host,
          credentials: { username: 'u', password: 'p4ssw0rd' },
        });

        expect(await client.blobExists('a/b', sha256Digest('x'))).toBe(true);
        expect(await client.blobExists('a/b', sha256Digest('y'))).toBe(true);

        expect(seen.tokenRequests).toHaveLength(1);
        expect(seen.tokenRequests[0]).toContain('service=fake');
        expect(seen.tokenRequests[0]).toContain('scope=repository%3Aa%2Fb%3Apull');
        expect(seen.tokenRequests[0]).toContain(
          `Basic ${Buffer.from('u:p4ssw0rd').toString('base64')}`,
        );
        expect(seen.authorizations).toEqual(['', 'Bearer tok-123456', 'Bearer tok-123456']);
      } finally {
        await fake.close();
      }
    });

    it('fails with UNAUTHORIZED when the token service refuses, without the password in the message', async () => {
      let host = '';
      const fake = await fakeRegistry((req, res) => {
        if (req.url?.startsWith('/token')) {
          res.writeHead(401).end('bad credentials for p4ssw0rd');
          return;
        }
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${host}/token",service="fake"`,
          })
          .end();
      });
      host = fake.host;
      try {
        const client = new RegistryClient({
          host: fake.host,
          credentials: { username: 'u', password: 'p4ssw0rd' },
        });

        const error = await client.blobExists('a/b', sha256Digest('x')).catch((e: unknown) => e);

        expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
        expect(JSON.stringify(error) + String(error)).not.toContain('p4ssw0rd');
      } finally {
        await fake.close();
      }
    });

    it('redacts a token that the registry echoes back in an error', async () => {
      const fake = await fakeRegistry((_req, res) => {
        res.writeHead(400, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            errors: [{ code: 'TAG_INVALID', message: 'token sekret-token-42 is odd' }],
          }),
        );
      });
      try {
        const client = new RegistryClient({
          host: fake.host,
          credentials: { token: 'sekret-token-42' },
        });

        const error = await client
          .putManifest('a/b', 'v1', '{}', 'application/vnd.oci.image.manifest.v1+json')
          .catch((e: unknown) => e);

        expect(error).toMatchObject({ code: 'MANIFEST_INVALID' });
        expect((error as Error).message).toContain('token *** is odd');
      } finally {
        await fake.close();
      }
    });
  });

  describe('retries', () => {
    it('waits as long as Retry-After says on 429, then succeeds', async () => {
      const times: number[] = [];
      const fake = await fakeRegistry((_req, res) => {
        times.push(Date.now());
        if (times.length === 1) {
          res.writeHead(429, { 'retry-after': '1' }).end();
          return;
        }
        res.writeHead(200).end();
      });
      try {
        const client = new RegistryClient({ host: fake.host });

        expect(await client.blobExists('a/b', sha256Digest('x'))).toBe(true);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
      } finally {
        await fake.close();
      }
    });

    it('retries 5xx with backoff and reports UNREACHABLE with the status when the budget runs out', async () => {
      let calls = 0;
      const fake = await fakeRegistry((_req, res) => {
        calls += 1;
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'storage offline' }] }));
      });
      try {
        const client = new RegistryClient({
          host: fake.host,
          retry: { budgetMs: 800, initialDelayMs: 50 },
        });

        const error = await client.listTags('a/b').catch((e: unknown) => e);

        expect(error).toMatchObject({ code: 'UNREACHABLE' });
        expect((error as Error).message).toContain('503 (storage offline)');
        expect(calls).toBeGreaterThan(2);
      } finally {
        await fake.close();
      }
    });
  });

  describe('getBlob', () => {
    it('fails the stream with DIGEST_MISMATCH when the bytes do not hash to the digest', async () => {
      const fake = await fakeRegistry((_req, res) => {
        res.writeHead(200).end('tampered');
      });
      try {
        const client = new RegistryClient({ host: fake.host });
        const stream = await client.getBlob('a/b', sha256Digest('original'));

        await expect(readAll(stream)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
      } finally {
        await fake.close();
      }
    });
  });

  describe('pushBlob', () => {
    it('uploads a stream longer than one chunk as PATCHes with content ranges', async () => {
      const requests: string[] = [];
      const received: Buffer[] = [];
      const fake = await fakeRegistry((req, res, body) => {
        requests.push(`${req.method} ${req.headers['content-range'] ?? ''}`);
        if (req.method === 'POST') {
          res.writeHead(202, { location: '/v2/a/b/blobs/uploads/u1' }).end();
        } else if (req.method === 'PATCH') {
          received.push(body);
          res.writeHead(202, { location: '/v2/a/b/blobs/uploads/u1' }).end();
        } else {
          res.writeHead(201).end();
        }
      });
      try {
        const client = new RegistryClient({ host: fake.host, chunkSize: 4 });

        const result = await client.pushBlob('a/b', Readable.from([Buffer.from('0123456789')]));

        expect(requests).toEqual(['POST ', 'PATCH 0-3', 'PATCH 4-7', 'PATCH 8-9', 'PUT ']);
        expect(Buffer.concat(received).toString()).toBe('0123456789');
        expect(result).toEqual({
          digest: sha256Digest('0123456789'),
          size: 10,
          bytesUploaded: 10,
          bytesSkipped: 0,
        });
      } finally {
        await fake.close();
      }
    });
  });
});
