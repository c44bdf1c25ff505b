import { z } from 'zod';
import { gitRefMatches, otherRefMessage } from './git-ref.js';
import { gitRevision, reject, skip, type WebhookParser } from './webhook-outcome.js';
import { header, isJson, mediaType, parseJson } from './webhook-request.js';

const NO_COMMIT = /^0+$/;

/** The fields of a GitLab `Push Hook` that a build uses; commits come oldest first. */
const pushSchema = z.looseObject({
  ref: z.string(),
  after: z.string().nullish(),
  checkout_sha: z.string().nullish(),
  commits: z
    .array(
      z.looseObject({
        id: z.string(),
        message: z.string().nullish(),
        author: z
          .looseObject({ name: z.string().nullish(), email: z.string().nullish() })
          .nullish(),
      }),
    )
    .nullish(),
});

/**
 * GitLab: `X-Gitlab-Event: Push Hook` only. The revision is the last commit of the push, with
 * the author as committer too (GitLab sends no committer).
 */
export const parseGitLab: WebhookParser = ({ headers, body }, config) => {
  if (!isJson(headers)) {
    return reject(`unsupported Content-Type ${mediaType(headers) ?? '(none)'}`);
  }
  const event = header(headers, 'x-gitlab-event');
  if (event !== 'Push Hook') {
    return reject(`Unknown X-Gitlab-Event ${event ?? '(none)'}`);
  }
  const json = parseJson(body);
  const push = json.ok ? pushSchema.safeParse(json.value) : undefined;
  if (!push?.success) {
    return reject('the body is not a GitLab push event');
  }
  const { ref, after, checkout_sha: checkout, commits } = push.data;
  if (!gitRefMatches(ref, config)) {
    return skip(otherRefMessage(ref, config));
  }
  if (after && NO_COMMIT.test(after)) {
    return skip(`skipping build: the push deleted ${ref}`);
  }
  const last = commits?.at(-1);
  return {
    action: 'build',
    revision: last
      ? gitRevision({
          commit: last.id,
          message: last.message,
          author: last.author,
          committer: last.author,
        })
      : gitRevision({ commit: checkout ?? after }),
  };
};
