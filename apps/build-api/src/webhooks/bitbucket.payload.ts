import { z } from 'zod';
import { gitRefMatches, otherRefMessage } from './git-ref.js';
import {
  gitRevision,
  reject,
  skip,
  type WebhookOutcome,
  type WebhookParser,
} from './webhook-outcome.js';
import { header, isJson, mediaType, parseJson } from './webhook-request.js';

const branchState = z.looseObject({
  name: z.string().nullish(),
  target: z.looseObject({ hash: z.string().nullish() }).nullish(),
});

/** Bitbucket Cloud `repo:push`: newest commit first in each change. */
const cloudPushSchema = z.looseObject({
  push: z.looseObject({
    changes: z.array(
      z.looseObject({
        old: branchState.nullish(),
        new: branchState.nullish(),
        commits: z
          .array(
            z.looseObject({
              hash: z.string(),
              message: z.string().nullish(),
              author: z
                .looseObject({
                  raw: z.string().nullish(),
                  user: z
                    .looseObject({
                      username: z.string().nullish(),
                      display_name: z.string().nullish(),
                    })
                    .nullish(),
                })
                .nullish(),
            }),
          )
          .nullish(),
      }),
    ),
  }),
});

/** Bitbucket Server / Data Center `repo:refs_changed`. */
const serverPushSchema = z.looseObject({
  actor: z
    .looseObject({
      name: z.string().nullish(),
      displayName: z.string().nullish(),
      emailAddress: z.string().nullish(),
    })
    .nullish(),
  changes: z.array(
    z.looseObject({
      ref: z.looseObject({ displayId: z.string() }),
      toHash: z.string().nullish(),
      type: z.string().nullish(),
    }),
  ),
});

/** `Name <email>`, as Bitbucket Cloud writes a commit author. */
function parseRaw(raw: string | null | undefined): { name?: string; email?: string } {
  const match = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(raw ?? '');
  return match
    ? { name: match[1] || undefined, email: match[2] || undefined }
    : { name: raw ?? undefined };
}

const EMPTY = 'no changes in the Bitbucket push event';

function cloudPush(value: unknown, config: Parameters<WebhookParser>[1]): WebhookOutcome {
  const push = cloudPushSchema.safeParse(value);
  if (!push.success) {
    return reject('the body is not a Bitbucket repo:push event');
  }
  const change = push.data.push.changes[0];
  if (!change) {
    return reject(EMPTY);
  }
  if (!change.new) {
    return skip(`skipping build: the push deleted ${change.old?.name ?? 'a branch'}`);
  }
  // Upstream reads the branch from `old` (quirk); `new` covers a branch's first push.
  const ref = change.old?.name ?? change.new.name ?? '';
  if (!gitRefMatches(ref, config)) {
    return skip(otherRefMessage(ref, config));
  }
  const commit = change.commits?.[0];
  const raw = parseRaw(commit?.author?.raw);
  const user = commit?.author?.user;
  return {
    action: 'build',
    revision: gitRevision({
      commit: commit?.hash ?? change.new.target?.hash,
      message: commit?.message,
      author: { name: user?.username ?? user?.display_name ?? raw.name, email: raw.email },
    }),
  };
}

function serverPush(value: unknown, config: Parameters<WebhookParser>[1]): WebhookOutcome {
  const push = serverPushSchema.safeParse(value);
  if (!push.success) {
    return reject('the body is not a Bitbucket repo:refs_changed event');
  }
  const change = push.data.changes[0];
  if (!change) {
    return reject(EMPTY);
  }
  const ref = change.ref.displayId;
  if (!gitRefMatches(ref, config)) {
    return skip(otherRefMessage(ref, config));
  }
  if (change.type === 'DELETE') {
    return skip(`skipping build: the push deleted ${ref}`);
  }
  const actor = push.data.actor;
  return {
    action: 'build',
    revision: gitRevision({
      commit: change.toHash,
      author: { name: actor?.displayName ?? actor?.name, email: actor?.emailAddress },
    }),
  };
}

/**
 * Bitbucket: `X-Event-Key` `repo:push` (Cloud) or `repo:refs_changed` (Server / Data Center),
 * JSON bodies. Server's "Test connection" (`diagnostics:ping`) starts nothing.
 */
export const parseBitbucket: WebhookParser = ({ headers, body }, config) => {
  if (!isJson(headers)) {
    return reject(`unsupported Content-Type ${mediaType(headers) ?? '(none)'}`);
  }
  const event = header(headers, 'x-event-key');
  if (event === 'diagnostics:ping') {
    return skip('ping received; no build started');
  }
  if (event !== 'repo:push' && event !== 'repo:refs_changed') {
    return reject(`Unknown X-Event-Key ${event ?? '(none)'}`);
  }
  const json = parseJson(body);
  if (!json.ok) {
    return reject(`the body is not a Bitbucket ${event} event`);
  }
  return event === 'repo:push' ? cloudPush(json.value, config) : serverPush(json.value, config);
};
