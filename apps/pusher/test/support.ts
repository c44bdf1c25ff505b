import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RegistryClient, sha256Digest } from '@kiln/artifact-store';
import { EventBus, LOGS_STREAM, logSubject } from '@kiln/events';

/** A gzip'd "layer" of random bytes: content-addressed like a real one. */
export const layer = (size: number): Buffer => gzipSync(randomBytes(size), { level: 0 });

export type StagedImage = { repo: string; digest: string; config: Buffer; layers: Buffer[] };

/**
 * Writes an OCI image (config + layers) into the staging repository. The config lists the
 * layers' real diff_ids, so two images on the same base differ in config as real ones do.
 */
export async function stageImage(
  client: RegistryClient,
  repo: string,
  layers: Buffer[],
): Promise<StagedImage> {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['A=1'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256Digest(gunzipSync(l))) },
    }),
  );
  for (const blob of [config, ...layers]) {
    await client.pushBlob(repo, Readable.from([blob]));
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256Digest(config),
      size: config.length,
    },
    layers: layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256Digest(l),
      size: l.length,
    })),
  });
  const digest = await client.putManifest(
    repo,
    sha256Digest(Buffer.from(manifest)),
    manifest,
    'application/vnd.oci.image.manifest.v1+json',
  );
  return { repo, digest, config, layers };
}

export const sizeOf = (...blobs: Buffer[]): number => blobs.reduce((sum, b) => sum + b.length, 0);
export const digestsOf = (...blobs: Buffer[]): string[] => blobs.map(sha256Digest).sort();

export type PushCounters = {
  bytesUploaded: number;
  bytesSkipped: number;
  uploaded: number;
  mounted: number;
  present: number;
};

/** The pusher's counters for one target registry, scraped from its /metrics endpoint. */
export async function pushCounters(metricsUrl: string, registry: string): Promise<PushCounters> {
  const text = await (await fetch(metricsUrl)).text();
  // A labelled counter has no line until it is first incremented: that reads as 0.
  const value = (name: string, labels: Record<string, string>): number => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return {
    bytesUploaded: value('kiln_pusher_bytes_uploaded_total', { registry }),
    bytesSkipped: value('kiln_pusher_bytes_skipped_total', { registry }),
    uploaded: value('kiln_pusher_blobs_total', { registry, result: 'uploaded' }),
    mounted: value('kiln_pusher_blobs_total', { registry, result: 'mounted' }),
    present: value('kiln_pusher_blobs_total', { registry, result: 'present' }),
  };
}

/** What the counters grew by since `before`. */
export async function pushCountersSince(
  before: PushCounters,
  metricsUrl: string,
  registry: string,
): Promise<PushCounters> {
  const after = await pushCounters(metricsUrl, registry);
  return {
    bytesUploaded: after.bytesUploaded - before.bytesUploaded,
    bytesSkipped: after.bytesSkipped - before.bytesSkipped,
    uploaded: after.uploaded - before.uploaded,
    mounted: after.mounted - before.mounted,
    present: after.present - before.present,
  };
}

/**
 * The first line of a build's log that matches, waiting for it: the stage flushes its log
 * just after it publishes the outcome, so the line may land a moment after the event.
 */
export async function buildLogLine(
  bus: EventBus,
  build: string,
  pattern: RegExp,
  namespace = 'team',
): Promise<string | undefined> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const consumer = await bus.js.consumers.get(LOGS_STREAM.name, {
      filter_subjects: logSubject(namespace, build),
    });
    const messages = await consumer.fetch({ max_messages: 10_000, expires: 1000 });
    for await (const msg of messages) {
      const line = msg.json<{ line: string }>().line;
      if (pattern.test(line)) {
        return line;
      }
      if (msg.info.pending === 0) {
        break;
      }
    }
    if (Date.now() > deadline) {
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
