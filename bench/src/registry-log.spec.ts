import { blobBytesPulled, parseRegistryLog } from './registry-log.js';

const line = (uri: string, method: string, written: number, time: string) =>
  JSON.stringify({
    'http.request.method': method,
    'http.request.uri': uri,
    'http.response.status': 200,
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
