import { Injectable, Logger } from '@nestjs/common';
import {
  webHookSecretKey,
  type Build,
  type BuildConfig,
  type Status,
  type WebHookTrigger,
} from '@kiln/build-types';
import { BuildConfigsService } from '../buildconfigs/buildconfigs.service.js';
import { binaryWebhookRefusal, hasBinarySource } from '../buildconfigs/start-guards.js';
import { ApiError } from '../http/api-error.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { ObjectRepository } from '../storage/object.repository.js';
import type { WebhookPayload } from './webhook-outcome.js';
import {
  webhookCause,
  webhookProviders,
  webhookTriggersOf,
  type WebhookProvider,
} from './webhook-providers.js';
import { secretMatches } from './webhook-secret.js';

export type WebhookCall = WebhookPayload & {
  namespace: string;
  name: string;
  secret: string;
  type: string;
};

/** A started build (maybe with a warning for the caller), or a 200 Status when nothing started. */
export type WebhookResult = { build: Build; warning?: string } | { status: Status };

/**
 * `POST …/buildconfigs/<name>/webhooks/<secret>/<type>`: the secret decides, then the provider's
 * payload, then the BuildConfigs' own instantiate starts the build.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('webhooks');

  constructor(
    private readonly objects: ObjectRepository,
    private readonly secrets: SecretsService,
    private readonly buildConfigs: BuildConfigsService,
  ) {}

  async receive(call: WebhookCall): Promise<WebhookResult> {
    const provider = Object.hasOwn(webhookProviders, call.type)
      ? webhookProviders[call.type]
      : undefined;
    if (!provider) {
      throw new ApiError(
        'NotFound',
        `webhook type "${call.type}" not found: expected github, gitlab, bitbucket or generic`,
      );
    }
    const config = (await this.objects.get('BuildConfig', call.namespace, call.name)) as
      BuildConfig | undefined;
    const trigger = config && (await this.acceptingTrigger(config, provider, call.secret));
    // One answer whether the BuildConfig, the trigger or the secret is missing: a caller without
    // the secret learns nothing about what exists.
    if (!config || !trigger) {
      throw new ApiError(
        'Unauthorized',
        `the webhook "${call.type}" for "${call.name}" did not accept your secret`,
      );
    }
    // After the secret, like every other answer about the config.
    if (hasBinarySource(config)) {
      throw new ApiError('BadRequest', binaryWebhookRefusal(config));
    }
    const outcome = provider.parse(call, config, trigger);
    const where = `${call.namespace}/${call.name}`;
    switch (outcome.action) {
      case 'reject':
        throw new ApiError('BadRequest', outcome.message);
      case 'skip':
        this.logger.log(`webhook ${call.type} for ${where}: ${outcome.message}`);
        return {
          status: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            code: 200,
            message: outcome.message,
          },
        };
      case 'build': {
        const build = await this.buildConfigs.instantiate(call.namespace, call.name, {
          kind: 'BuildRequest',
          apiVersion: 'build.openshift.io/v1',
          metadata: { name: call.name },
          triggeredBy: [webhookCause(provider, outcome.revision)],
          ...(outcome.revision ? { revision: outcome.revision } : {}),
          ...(outcome.env ? { env: outcome.env } : {}),
          ...(outcome.dockerStrategyOptions
            ? { dockerStrategyOptions: outcome.dockerStrategyOptions }
            : {}),
        });
        this.logger.log(`webhook ${call.type} for ${where} started build ${build.metadata.name}`);
        return { build, ...(outcome.warning ? { warning: outcome.warning } : {}) };
      }
    }
  }

  /** The first trigger of the type whose inline or referenced secret equals the presented one. */
  private async acceptingTrigger(
    config: BuildConfig,
    provider: WebhookProvider,
    presented: string,
  ): Promise<WebHookTrigger | undefined> {
    let accepted: WebHookTrigger | undefined;
    for (const trigger of webhookTriggersOf(provider, config.spec?.triggers)) {
      const reference = trigger.secretReference?.name;
      const referenced = reference
        ? await this.referencedSecret(config.metadata.namespace ?? '', reference)
        : undefined;
      const matches = [
        secretMatches(presented, trigger.secret),
        secretMatches(presented, referenced),
      ];
      if (!accepted && matches.some(Boolean)) {
        accepted = trigger;
      }
    }
    return accepted;
  }

  /** Key `WebHookSecretKey` of the Secret; undefined when absent or unreadable (never thrown). */
  private async referencedSecret(namespace: string, name: string): Promise<string | undefined> {
    try {
      const value = (await this.secrets.find(namespace, name))?.data?.[webHookSecretKey];
      return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
    } catch (error) {
      this.logger.warn(
        `webhook secret ${namespace}/${name} could not be read: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
