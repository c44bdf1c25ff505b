import { FakeApi, statusReply } from '../testing/fake-api.js';
import { ApiError, ConnectionError } from './api-error.js';
import { KilnClient } from './client.js';

describe(KilnClient.name, () => {
  let api: FakeApi;
  let client: KilnClient;

  beforeEach(async () => {
    api = await FakeApi.start();
    client = new KilnClient({ server: `${api.url}/`, token: 'secret-token' });
  });

  afterEach(() => api.stop());

  describe('send', () => {
    it('sends the bearer token, JSON accept and the query, leaving out undefined values', async () => {
      api.on('GET', '/api/v1/namespaces', { json: { items: [] } });

      await client.get('/api/v1/namespaces', { labelSelector: 'a=b', continue: undefined });

      const [request] = api.requests;
      expect(request?.headers.authorization).toBe('Bearer secret-token');
      expect(request?.headers.accept).toBe('application/json');
      expect(request?.query.get('labelSelector')).toBe('a=b');
      expect(request?.query.has('continue')).toBe(false);
    });

    it('sends JSON bodies with their content type', async () => {
      api.on('PATCH', '/x', { json: {} });

      await client.json('PATCH', '/x', {
        json: { status: { cancelled: true } },
        contentType: 'application/merge-patch+json',
      });

      expect(api.requests[0]?.headers['content-type']).toBe('application/merge-patch+json');
      expect(api.requests[0]?.json()).toEqual({ status: { cancelled: true } });
    });

    it('streams a body without knowing its length', async () => {
      api.on('POST', '/upload', (req) => ({ json: { got: req.body.length } }));
      async function* parts(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('abc');
        yield Buffer.from('def');
      }

      const reply = await client.json<{ got: number }>('POST', '/upload', { stream: parts() });

      expect(reply.got).toBe(6);
      expect(api.requests[0]?.headers['transfer-encoding']).toBe('chunked');
      expect(api.requests[0]?.headers['content-type']).toBe('application/octet-stream');
    });

    it('throws the Status of a failed call as an ApiError', async () => {
      api.on(
        'POST',
        '/x',
        statusReply(422, 'Invalid', 'is invalid', [{ field: 'spec.x', message: 'Required value' }]),
      );

      const error = await client.json('POST', '/x', { json: {} }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(422);
      expect((error as ApiError).message).toBe('spec.x: Required value');
    });

    it('reports an unreachable server as a ConnectionError', async () => {
      const url = api.url;
      await api.stop();
      const offline = new KilnClient({ server: url });

      await expect(offline.get('/x')).rejects.toThrow(ConnectionError);
      api = await FakeApi.start();
    });
  });

  describe('getIfExists', () => {
    it('answers undefined for 404 and rethrows other failures', async () => {
      api.on('GET', '/gone', statusReply(404, 'NotFound', 'not found'));
      api.on('GET', '/denied', statusReply(403, 'Forbidden', 'no'));

      await expect(client.getIfExists('/gone')).resolves.toBeUndefined();
      await expect(client.getIfExists('/denied')).rejects.toThrow('no');
    });
  });
});
