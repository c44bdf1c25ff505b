import type {
  BuildTriggerCause,
  BuildTriggerPolicy,
  SourceRevision,
  WebHookTrigger,
} from '@kiln/build-types';
import { parseBitbucket } from './bitbucket.payload.js';
import { parseGeneric } from './generic.payload.js';
import { parseGitHub } from './github.payload.js';
import { parseGitLab } from './gitlab.payload.js';
import type { WebhookParser } from './webhook-outcome.js';

type CauseField = 'githubWebHook' | 'gitlabWebHook' | 'bitbucketWebHook' | 'genericWebHook';

/** One webhook type of the URL: its trigger, its parser, and how a build records its cause. */
export type WebhookProvider = {
  triggerType: 'GitHub' | 'GitLab' | 'Bitbucket' | 'Generic';
  field: 'github' | 'gitlab' | 'bitbucket' | 'generic';
  parse: WebhookParser;
  causeField: CauseField;
  message: string;
};

/** By the `<type>` segment of `…/webhooks/<secret>/<type>`. */
export const webhookProviders: Readonly<Record<string, WebhookProvider>> = {
  github: {
    triggerType: 'GitHub',
    field: 'github',
    parse: parseGitHub,
    causeField: 'githubWebHook',
    message: 'GitHub WebHook',
  },
  gitlab: {
    triggerType: 'GitLab',
    field: 'gitlab',
    parse: parseGitLab,
    causeField: 'gitlabWebHook',
    message: 'GitLab WebHook',
  },
  bitbucket: {
    triggerType: 'Bitbucket',
    field: 'bitbucket',
    parse: parseBitbucket,
    causeField: 'bitbucketWebHook',
    message: 'Bitbucket WebHook',
  },
  generic: {
    triggerType: 'Generic',
    field: 'generic',
    parse: parseGeneric,
    causeField: 'genericWebHook',
    message: 'Generic WebHook',
  },
};

/** The webhook settings of every trigger of the provider's type. */
export function webhookTriggersOf(
  provider: WebhookProvider,
  triggers: readonly BuildTriggerPolicy[] | null | undefined,
): WebHookTrigger[] {
  return (triggers ?? []).flatMap((t) => {
    const hook = t.type === provider.triggerType ? t[provider.field] : undefined;
    return hook ? [hook] : [];
  });
}

/**
 * The cause recorded on the build. The secret is never stored: upstream writes the literal
 * `<secret>` in its place, and so do we.
 */
export function webhookCause(
  provider: WebhookProvider,
  revision: SourceRevision | undefined,
): BuildTriggerCause {
  return {
    message: provider.message,
    [provider.causeField]: { ...(revision ? { revision } : {}), secret: '<secret>' },
  };
}
