// Pusher design check: the TypeScript distribution-protocol copy against `skopeo copy`, for a
// 51 MB image to another registry and within the farm registry (mounts), 3 runs of each, in ms.
// Run: ./kiln bench push (or node bench/push-protocol.mjs after ./kiln setup).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { startTestRegistry } from '../libs/testing/dist/index.js';
import { RegistryClient, sha256Digest } from '../libs/artifact-store/dist/index.js';
import { copyImage } from '../apps/pusher/dist/push/image-copier.js';

const farm = await startTestRegistry();
const regs = await Promise.all([0,1,2,3,4,5].map(() => startTestRegistry()));
const fc = new RegistryClient({ host: farm.host, insecure: true });
const layers = [randomBytes(50 * 1024 * 1024), randomBytes(1024 * 1024)];
const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } }));
for (const b of [config, ...layers]) await fc.pushBlob('kiln-staging/x', Readable.from([b]));
const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
  layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(l), size: l.length })) });
const digest = await fc.putManifest('kiln-staging/x', 'v1', manifest, 'application/vnd.oci.image.manifest.v1+json');
const results = { ts: [], skopeo: [], tsFarm: [], skopeoFarm: [] };
for (let i = 0; i < 3; i++) {
  let t = Date.now();
  await copyImage({ client: fc, repository: 'kiln-staging/x' }, digest, { client: new RegistryClient({ host: regs[i].host, insecure: true }), repository: 'out/x' }, 'v1', { sameRegistry: false });
  results.ts.push(Date.now() - t);
  t = Date.now();
  execFileSync('skopeo', ['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${farm.host}/kiln-staging/x@${digest}`, `docker://${regs[i+3].host}/out/x:v1`]);
  results.skopeo.push(Date.now() - t);
  t = Date.now();
  await copyImage({ client: fc, repository: 'kiln-staging/x' }, digest, { client: fc, repository: `team/ts${i}` }, 'v1', { sameRegistry: true });
  results.tsFarm.push(Date.now() - t);
  t = Date.now();
  execFileSync('skopeo', ['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${farm.host}/kiln-staging/x@${digest}`, `docker://${farm.host}/team/sk${i}:v1`]);
  results.skopeoFarm.push(Date.now() - t);
}
console.log(JSON.stringify(results));
await Promise.all([farm, ...regs].map((r) => r.stop()));
