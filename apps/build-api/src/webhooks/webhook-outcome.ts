import type {
  BuildConfig,
  BuildRequest,
  EnvVar,
  SourceControlUser,
  SourceRevision,
  WebHookTrigger,
} from '@kiln/build-types';

/** A webhook call as the parsers see it: lower-case headers and the body exactly as sent. */
export type WebhookPayload = {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
};

/**
 * What a payload asks for: a build (with what the payload adds to it, and maybe a warning), a
 * skip (200, nothing started: a ping, another branch), or a rejection (400).
 */
export type WebhookOutcome =
  | {
      action: 'build';
      revision?: SourceRevision;
      env?: EnvVar[];
      dockerStrategyOptions?: BuildRequest['dockerStrategyOptions'];
      warning?: string;
    }
  | { action: 'skip'; message: string }
  | { action: 'reject'; message: string };

/** Reads one provider's payload; pure, so each provider is tested on captured payloads. */
export type WebhookParser = (
  payload: WebhookPayload,
  config: BuildConfig,
  trigger: WebHookTrigger,
) => WebhookOutcome;

export const skip = (message: string): WebhookOutcome => ({ action: 'skip', message });
export const reject = (message: string): WebhookOutcome => ({ action: 'reject', message });

type User = { name?: string | null; email?: string | null } | null | undefined;

const userOf = (user: User): SourceControlUser | undefined =>
  user && (user.name || user.email)
    ? { ...(user.name ? { name: user.name } : {}), ...(user.email ? { email: user.email } : {}) }
    : undefined;

/** A git revision with only the fields the payload had. */
export function gitRevision(fields: {
  commit?: string | null;
  message?: string | null;
  author?: User;
  committer?: User;
}): SourceRevision {
  const author = userOf(fields.author);
  const committer = userOf(fields.committer);
  return {
    type: 'Git',
    git: {
      ...(fields.commit ? { commit: fields.commit } : {}),
      ...(author ? { author } : {}),
      ...(committer ? { committer } : {}),
      ...(fields.message ? { message: fields.message } : {}),
    },
  };
}
