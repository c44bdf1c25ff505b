import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '@kiln/service-kit';

/** The builder's capacity and cache figures, for dashboards and an autoscaler. */
@Injectable()
export class BuilderMetrics {
  readonly slots: Gauge;
  readonly running: Gauge;
  readonly cacheBytes: Gauge;
  readonly cacheHits: Counter;
  readonly cacheMisses: Counter;
  readonly pulledBytes: Counter;
  readonly basePulls: Counter;
  readonly builds: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.slots = new Gauge({
      name: 'kiln_builder_slots',
      help: 'Builds this builder runs at once',
      registers,
    });
    this.running = new Gauge({
      name: 'kiln_builder_running_builds',
      help: 'Builds running now',
      registers,
    });
    this.cacheBytes = new Gauge({
      name: 'kiln_builder_cache_bytes',
      help: 'Bytes held by layer caches',
      registers,
    });
    this.cacheHits = new Counter({
      name: 'kiln_builder_cache_hits_total',
      help: 'Build steps served from the layer cache',
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'kiln_builder_cache_misses_total',
      help: 'Build steps (FROM excluded) that ran because the layer cache had no result for them',
      registers,
    });
    this.pulledBytes = new Counter({
      name: 'kiln_builder_pulled_bytes_total',
      help: 'Bytes of base image blobs downloaded into the shared store (0 for a base already there)',
      registers,
    });
    this.builds = new Counter({
      name: 'kiln_builder_builds_total',
      help: 'Builds this builder finished, by outcome (built, failed, handed-back)',
      labelNames: ['outcome'],
      registers,
    });
    this.basePulls = new Counter({
      name: 'kiln_builder_base_images_total',
      help: 'Base images needed by builds, by whether they were pulled or already on the node',
      labelNames: ['result'],
      registers,
    });
  }
}
