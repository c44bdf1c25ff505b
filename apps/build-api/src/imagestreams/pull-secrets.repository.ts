import { Injectable, Logger } from '@nestjs/common';
import { SecretType } from '@kiln/build-types';
import { ApiError } from '../http/api-error.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { ObjectRepository, type StoredObject } from '../storage/object.repository.js';
import type { NamedPullSecret } from './pull-credentials.js';

const TYPES: readonly string[] = [SecretType.DockerConfigJson, SecretType.DockerCfg];

/**
 * The docker config Secrets of a namespace, as imports use them (OpenShift imports with every
 * such Secret of the stream's namespace, no service account involved). Only those Secrets are
 * decrypted; one that cannot be is passed over with a warning naming it, never its values.
 */
@Injectable()
export class PullSecretsRepository {
  private readonly logger = new Logger(PullSecretsRepository.name);

  constructor(
    private readonly objects: ObjectRepository,
    private readonly secrets: SecretsService,
  ) {}

  async list(namespace: string): Promise<NamedPullSecret[]> {
    const found: NamedPullSecret[] = [];
    for (const object of await this.dockerConfigObjects(namespace)) {
      const name = object.metadata.name;
      try {
        const secret = await this.secrets.find(namespace, name);
        if (secret?.type && TYPES.includes(secret.type)) {
          found.push({ name, secret: { type: secret.type, data: secret.data ?? {} } });
        }
      } catch (error) {
        if (!(error instanceof ApiError)) {
          throw error;
        }
        this.logger.warn(`pull secret ${namespace}/${name} not used for imports: ${error.message}`);
      }
    }
    return found;
  }

  /** The namespace's Secrets of a docker config type, values still sealed. */
  private async dockerConfigObjects(namespace: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let after: string | undefined;
    do {
      const page = await this.objects.list('Secret', namespace, after ? { after } : {});
      objects.push(
        ...page.items.filter((o) => typeof o.type === 'string' && TYPES.includes(o.type)),
      );
      after = page.continue;
    } while (after);
    return objects;
  }
}
