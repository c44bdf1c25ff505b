import { Inject, Injectable } from '@nestjs/common';
import {
  RetryLater,
  RpcBus,
  RpcFailure,
  RpcSubjects,
  type BuildRef,
  type ResolvedObject,
} from '@kiln/events';
import { StageFailure } from './stage-job.js';

export type ObjectRef = { kind: 'Secret' | 'ConfigMap'; name: string };

/** Resolved objects by `Kind/name`. */
export type ResolvedObjects = ReadonlyMap<string, ResolvedObject>;
export const objectKey = (ref: ObjectRef): string => `${ref.kind}/${ref.name}`;

/**
 * Fetches a build's Secrets and ConfigMaps from build-api when a stage needs them, always from
 * the build's own namespace. Values stay in memory for the job: never logged, never published.
 */
@Injectable()
export class ObjectResolver {
  constructor(@Inject(RpcBus) private readonly rpc: RpcBus) {}

  /**
   * All of `refs` (duplicates folded), or a StageFailure with `reason` naming the first missing
   * one. build-api not answering is transient: the job is retried later.
   */
  async resolve(
    build: BuildRef,
    refs: readonly ObjectRef[],
    reason: string,
  ): Promise<ResolvedObjects> {
    const unique = [...new Map(refs.map((r) => [objectKey(r), r])).values()];
    if (unique.length === 0) {
      return new Map();
    }
    let reply;
    try {
      reply = await this.rpc.request(RpcSubjects.ResolveObjects, {
        namespace: build.namespace,
        build: build.name,
        refs: unique,
      });
    } catch (error) {
      if (error instanceof RpcFailure && error.error.code < 500) {
        throw new StageFailure(reason, error.message);
      }
      throw new RetryLater(
        `could not resolve secrets and config maps: ${(error as Error).message}`,
        2000,
      );
    }
    const missing = reply.missing[0];
    if (missing) {
      throw new StageFailure(
        reason,
        `${missing.kind} "${missing.name}" does not exist in namespace ${build.namespace}`,
      );
    }
    return new Map(reply.objects.map((o) => [objectKey(o), o]));
  }
}

/** The decoded value of one key, or undefined. */
export function objectValue(object: ResolvedObject | undefined, key: string): string | undefined {
  const raw = object?.data[key];
  return raw === undefined ? undefined : Buffer.from(raw, 'base64').toString('utf8');
}
