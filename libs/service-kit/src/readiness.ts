import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

/** Collects the checks a service's parts register (NATS connected, database reachable, …). */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly info = new Map<string, string>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Static facts worth showing in /readyz (isolation mode, capacity). */
  describe(key: string, value: string): void {
    this.info.set(key, value);
  }

  async evaluate(): Promise<{
    ok: boolean;
    checks: Record<string, { ok: boolean; detail?: string }>;
    info: Record<string, string>;
  }> {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = await check();
      } catch (error) {
        checks[name] = { ok: false, detail: (error as Error).message };
      }
    }
    return {
      ok: Object.values(checks).every((c) => c.ok),
      checks,
      info: Object.fromEntries(this.info),
    };
  }
}
