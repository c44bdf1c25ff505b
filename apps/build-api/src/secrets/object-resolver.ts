import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  RpcBus,
  RpcErrorReply,
  RpcSubjects,
  type ResolvedObject,
  type RpcReplyOf,
  type RpcRequestOf,
} from '@kiln/events';
import { ApiError } from '../http/api-error.js';
import { ConfigMapsService } from './configmaps.service.js';
import { resolvedConfigMap, resolvedSecret } from './resolved-object.js';
import { SecretsService } from './secrets.service.js';

type Subject = typeof RpcSubjects.ResolveObjects;

/**
 * Answers workers asking for the Secrets and ConfigMaps a build uses, decrypted, over core NATS
 * request/reply (never stored in a stream). One audit line per request: names, never values.
 */
@Injectable()
export class ObjectResolver implements OnApplicationBootstrap {
  private readonly logger = new Logger('resolve-objects');

  constructor(
    @Inject(RpcBus) private readonly rpc: RpcBus,
    private readonly secrets: SecretsService,
    private readonly configMaps: ConfigMapsService,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.respond(RpcSubjects.ResolveObjects, (request) => this.resolve(request), this.logger);
  }

  async resolve(request: RpcRequestOf<Subject>): Promise<RpcReplyOf<Subject>> {
    const { namespace } = request;
    const objects: ResolvedObject[] = [];
    const missing: RpcReplyOf<Subject>['missing'] = [];
    try {
      for (const ref of request.refs) {
        const found = await this.lookUp(namespace, ref);
        if (found) {
          objects.push(found);
        } else {
          missing.push(ref);
        }
      }
    } catch (error) {
      if (error instanceof ApiError) {
        this.logger.error(`build ${namespace}/${request.build}: ${error.message}`);
        throw new RpcErrorReply({ code: error.code, reason: error.reason, message: error.message });
      }
      throw error;
    }
    const names = (refs: { kind: string; name: string }[]) =>
      refs.map((r) => `${r.kind}/${r.name}`).join(', ') || 'none';
    this.logger.log(
      `build ${namespace}/${request.build} resolved ${names(objects)}; missing ${names(missing)}`,
    );
    return { objects, missing };
  }

  private async lookUp(
    namespace: string,
    ref: RpcRequestOf<Subject>['refs'][number],
  ): Promise<ResolvedObject | undefined> {
    if (ref.kind === 'Secret') {
      const secret = await this.secrets.find(namespace, ref.name);
      return secret && resolvedSecret(secret);
    }
    const configMap = await this.configMaps.find(namespace, ref.name);
    return configMap && resolvedConfigMap(configMap);
  }
}
