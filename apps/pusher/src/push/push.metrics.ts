import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@kiln/service-kit';
import type { BlobCopied } from './image-copier.js';

/**
 * What pushes cost the network, per target registry host (a host, never a credential): bytes
 * sent, bytes saved because the registry had the blob or mounted it, and blobs by how they got
 * there. Counted blob by blob, so a push that fails half way still shows what it sent.
 */
@Injectable()
export class PushMetrics {
  private readonly bytesUploaded: Counter<'registry'>;
  private readonly bytesSkipped: Counter<'registry'>;
  private readonly blobs: Counter<'registry' | 'result'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.bytesUploaded = new Counter({
      name: 'kiln_pusher_bytes_uploaded_total',
      help: 'Blob bytes sent to target registries',
      labelNames: ['registry'],
      registers,
    });
    this.bytesSkipped = new Counter({
      name: 'kiln_pusher_bytes_skipped_total',
      help: 'Blob bytes not sent: the target registry had the blob or mounted it',
      labelNames: ['registry'],
      registers,
    });
    this.blobs = new Counter({
      name: 'kiln_pusher_blobs_total',
      help: 'Blobs pushed, by how they reached the target (uploaded, mounted, present)',
      labelNames: ['registry', 'result'],
      registers,
    });
  }

  blobCopied(registry: string, blob: BlobCopied): void {
    this.bytesUploaded.inc({ registry }, blob.bytesUploaded);
    this.bytesSkipped.inc({ registry }, blob.size - blob.bytesUploaded);
    this.blobs.inc({ registry, result: blob.result });
  }
}
