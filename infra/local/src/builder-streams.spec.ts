import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aliasCall, BUILDER_STREAMS, createBuilderStreams, importCall } from './builder-streams.js';

describe('builder stream calls', () => {
  it('imports the farm image into <stream>:latest, scheduled, by digest', () => {
    const call = importCall('127.0.0.1:5000', { name: 'nodejs', image: 'kiln/s2i-nodejs' });

    expect(call.path).toBe('/apis/image.openshift.io/v1/namespaces/openshift/imagestreamimports');
    expect(call.body).toMatchObject({
      metadata: { name: 'nodejs' },
      spec: {
        import: true,
        images: [
          {
            from: { kind: 'DockerImage', name: '127.0.0.1:5000/kiln/s2i-nodejs:latest' },
            to: { name: 'latest' },
            importPolicy: { scheduled: true, insecure: true },
          },
        ],
      },
    });
  });

  it('makes each version tag track latest', () => {
    expect(aliasCall('nodejs', '18-ubi8')).toMatchObject({
      method: 'PUT',
      path: '/apis/image.openshift.io/v1/namespaces/openshift/imagestreamtags/nodejs:18-ubi8',
      body: { tag: { name: '18-ubi8', from: { kind: 'ImageStreamTag', name: 'nodejs:latest' } } },
    });
  });
});

describe('createBuilderStreams', () => {
  let server: Server;
  let calls: { method: string; url: string; auth: string }[];
  let importStatus: string;

  beforeEach(async () => {
    calls = [];
    importStatus = 'Success';
    server = createServer((req, res) => {
      calls.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization ?? '',
      });
      req.resume();
      const imported = (req.url ?? '').endsWith('/imagestreamimports');
      res.writeHead(req.url === '/api/v1/namespaces' ? 409 : imported ? 201 : 200, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify(
          imported
            ? {
                status: {
                  images: [
                    {
                      status: { status: importStatus, message: 'manifest unknown' },
                      image: { dockerImageReference: 'r/kiln/x@sha256:1' },
                    },
                  ],
                },
              }
            : {},
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  it('creates the namespace (or finds it), imports each stream and tags its versions', async () => {
    const lines: string[] = [];

    await createBuilderStreams(url(), 'admin-token', 'r', (line) => lines.push(line));

    const versions = BUILDER_STREAMS.reduce((n, s) => n + s.versions.length, 0);
    expect(calls).toHaveLength(1 + BUILDER_STREAMS.length + versions);
    expect(calls.every((c) => c.auth === 'Bearer admin-token')).toBe(true);
    expect(lines.join('\n')).toContain('openshift/nodejs');
  });

  it('says what to do when the farm image is missing', async () => {
    importStatus = 'Failure';

    await expect(createBuilderStreams(url(), 't', 'r', () => undefined)).rejects.toThrow(
      /manifest unknown \(were the farm images pushed\?/,
    );
  });
});
