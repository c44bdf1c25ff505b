import { bytesDownloaded, downloadedBlob, isDebugLine } from './pull-output.js';

const layer = `sha256:${'b7'.repeat(32)}`;
const shared = `sha256:${'16'.repeat(32)}`;
const config = `sha256:${'2e'.repeat(32)}`;

/** `buildah --log-level debug pull` 1.28 (captured): one layer already in the store, one fetched. */
const output = [
  `time="2026-12-01T03:24:53Z" level=debug msg="Downloading /v2/kiln/derived/blobs/${config}"`,
  `Copying blob ${layer}`,
  `Copying blob ${shared}`,
  `time="2026-12-01T03:24:53Z" level=debug msg="Skipping blob ${shared} (already present):"`,
  `time="2026-12-01T03:24:53Z" level=debug msg="Downloading /v2/kiln/derived/blobs/${layer}"`,
  `time="2026-12-01T03:24:53Z" level=debug msg="GET http://127.0.0.1:25111/v2/kiln/derived/blobs/${layer}"`,
  `Copying config ${config}`,
];

const manifest = JSON.stringify({
  schemaVersion: 2,
  config: { digest: config, size: 1795 },
  layers: [
    { digest: shared, size: 1087921 },
    { digest: layer, size: 200 },
  ],
});

describe(downloadedBlob.name, () => {
  it('names the blobs downloaded, not those reused from the store', () => {
    expect(output.map(downloadedBlob).filter(Boolean)).toEqual([config, layer]);
  });
});

describe(isDebugLine.name, () => {
  it('tells debug lines from the progress lines a build log shows', () => {
    expect(output.filter((l) => !isDebugLine(l))).toEqual([
      `Copying blob ${layer}`,
      `Copying blob ${shared}`,
      `Copying config ${config}`,
    ]);
  });
});

describe(bytesDownloaded.name, () => {
  it('sums the manifest sizes of the downloaded blobs', () => {
    expect(bytesDownloaded(manifest, new Set([config, layer]))).toBe(1995);
  });

  it('is 0 when nothing was downloaded', () => {
    expect(bytesDownloaded(manifest, new Set())).toBe(0);
  });
});
