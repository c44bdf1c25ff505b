import { blobBytesPulled, blobMounts, blobUploads, parseRegistryLog } from './registry-log.js';

const line = (uri: string, method: string, written: number, time: string, status = 200) =>
  JSON.stringify({
    'http.request.method': method,
    'http.request.uri': uri,
    'http.response.status': status,
    'http.response.written': written,
    msg: 'response completed',
    time,
  });

describe(blobBytesPulled.name, () => {
  const log = [
    line('/v2/bench/base/blobs/sha256:aa', 'GET', 1000, '2026-12-01T00:00:01Z'),
    line('/v2/bench/base/blobs/sha256:bb', 'HEAD', 0, '2026-12-01T00:00:01Z'),
    line('/v2/bench/base/manifests/latest', 'GET', 500, '2026-12-01T00:00:01Z'),
    line('/v2/other/blobs/sha256:cc', 'GET', 7000, '2026-12-01T00:00:01Z'),
    line('/v2/bench/base/blobs/sha256:dd', 'GET', 3000, '2026-12-01T00:00:09Z'),
    '127.0.0.1 - - [01/Dec/2026:00:00:01 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "Buildah"',
  ].join('\n');

  it('adds the blob bytes served for GETs of one repository within the window', () => {
    const requests = parseRegistryLog(log);
    expect(requests).toHaveLength(5);
    const from = Date.parse('2026-12-01T00:00:00Z');
    expect(blobBytesPulled(requests, 'bench/base', from, from + 5000)).toBe(1000);
    expect(blobBytesPulled(requests, 'bench/base', from, from + 10_000)).toBe(4000);
  });
});

describe(parseRegistryLog.name, () => {
  it('counts a request once, not again for the error lines logged about it', () => {
    const request = {
      'http.request.method': 'PUT',
      'http.request.uri': '/v2/a/blobs/uploads/u1?digest=sha256:aa',
    };
    const log = [
      JSON.stringify({ ...request, msg: 'error resolving upload', time: '2026-12-01T00:00:01Z' }),
      JSON.stringify({
        ...request,
        'http.response.status': 404,
        msg: 'response completed with error',
        time: '2026-12-01T00:00:01Z',
      }),
    ].join('\n');
    expect(parseRegistryLog(log)).toEqual([
      expect.objectContaining({ method: 'PUT', status: 404 }),
    ]);
  });
});

describe('blob uploads and mounts', () => {
  const t = '2026-12-01T00:00:01Z';
  // Real shapes: `_state` tokens, and JSON's \u0026 for & (JSON.parse turns it back).
  const log = [
    line('/v2/team/one/blobs/uploads/', 'POST', 0, t, 202),
    line('/v2/team/one/blobs/uploads/s1?_state=AbC%3D', 'PATCH', 0, t, 202),
    line('/v2/team/one/blobs/uploads/s1?_state=DeF%3D&digest=sha256:big', 'PUT', 0, t, 201),
    line('/v2/team/one/blobs/uploads/s2?_state=x&digest=sha256:small', 'PUT', 0, t, 401),
    line('/v2/team/one/blobs/uploads/s2?_state=x&digest=sha256:small', 'PUT', 0, t, 201),
    line('/v2/team/one/blobs/uploads/s3?_state=y', 'PATCH', 0, t, 202),
    line('/v2/team/one/blobs/uploads/?digest=sha256:mono', 'POST', 0, t, 201),
    line('/v2/team/one/blobs/uploads/?mount=sha256%3Abase&from=team%2Fzero', 'POST', 0, t, 201),
    line('/v2/team/one/blobs/uploads/?mount=sha256%3Agone&from=team%2Fzero', 'POST', 0, t, 202),
    line('/v2/team/two/blobs/uploads/s4?_state=z&digest=sha256:other', 'PUT', 0, t, 201),
    line('/v2/team/one/manifests/latest', 'PUT', 0, t, 201),
  ].join('\n');

  it(`${blobUploads.name} lists every session that sent bytes into the repository`, () => {
    expect(blobUploads(parseRegistryLog(log), 'team/one')).toEqual([
      { session: 's1', digest: 'sha256:big' },
      { session: 's2', digest: 'sha256:small' },
      { session: 's3' },
      { session: 'post-6', digest: 'sha256:mono' },
    ]);
  });

  it(`${blobMounts.name} lists the mounts the registry did (201), not its refusals`, () => {
    expect(blobMounts(parseRegistryLog(log), 'team/one')).toEqual(['sha256:base']);
  });
});
