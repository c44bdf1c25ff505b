import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir } from '@kiln/testing';
import { tarNames } from './archives.js';
import { run } from './farm.js';

/** Gunzipped when gzip, else as is: what a layer or bundle really holds. */
export function contentOf(raw: Buffer): Buffer {
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Every blob of an image (manifest, config with its history, each layer unpacked). */
export async function imageBlobs(image: string, creds?: string): Promise<Buffer[]> {
  const dir = makeTempDir('image-scan');
  try {
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      ...(creds ? [`--src-creds=${creds}`] : []),
      `docker://${image}`,
      `dir:${join(dir.path, 'image')}`,
    ]);
    return readdirSync(join(dir.path, 'image')).map((file) =>
      contentOf(readFileSync(join(dir.path, 'image', file))),
    );
  } finally {
    dir.remove();
  }
}

export type ImageConfig = {
  config?: { Env?: string[]; Labels?: Record<string, string> };
  history?: { created_by?: string; comment?: string }[];
};

/** The image's config blob: Env, Labels and history. */
export async function imageConfig(image: string, creds?: string): Promise<ImageConfig> {
  const { stdout } = await run('skopeo', [
    'inspect',
    '--config',
    '--tls-verify=false',
    ...(creds ? [`--creds=${creds}`] : []),
    `docker://${image}`,
  ]);
  return JSON.parse(stdout) as ImageConfig;
}

/** Every file below `dir` (following no links), with its content unpacked when gzip. */
export function filesBelow(dir: string): { path: string; content: Buffer }[] {
  const found: { path: string; content: Buffer }[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile()) {
      found.push({ path, content: contentOf(readFileSync(path)) });
    }
  }
  return found;
}

/** The paths of the files the layers among `blobs` hold (`etc/passwd`, no leading `./`). */
export function filesInLayers(blobs: Buffer[]): string[] {
  return blobs
    .filter((b) => b.length >= 512 && b.subarray(257, 262).toString('latin1') === 'ustar')
    .flatMap((b) => tarNames(b).map((name) => name.replace(/^\.?\//, '')));
}
