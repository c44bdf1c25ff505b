import { z } from 'zod';
import { gitRefMatches, otherRefMessage } from './git-ref.js';
import { gitRevision, reject, skip, type WebhookParser } from './webhook-outcome.js';
import { header, isJson, mediaType, parseJson } from './webhook-request.js';

const user = z.looseObject({ name: z.string().nullish(), email: z.string().nullish() }).nullish();

/** The fields of a GitHub (or Gogs/Gitea) `push` event that a build uses. */
const pushSchema = z.looseObject({
  ref: z.string(),
  deleted: z.boolean().nullish(),
  head_commit: z
    .looseObject({ id: z.string(), message: z.string().nullish(), author: user, committer: user })
    .nullish(),
});

/**
 * GitHub: `X-GitHub-Event` (or Gogs' `X-Gogs-Event`) with a JSON body. `ping`, sent when the hook
 * is saved, starts nothing; `push` to the built branch starts a build of its head commit.
 */
export const parseGitHub: WebhookParser = ({ headers, body }, config) => {
  if (!isJson(headers)) {
    return reject(`unsupported Content-Type ${mediaType(headers) ?? '(none)'}`);
  }
  const event = header(headers, 'x-github-event') ?? header(headers, 'x-gogs-event');
  if (!event) {
    return reject('missing X-GitHub-Event or X-Gogs-Event');
  }
  if (event === 'ping') {
    return skip('ping received; no build started');
  }
  if (event !== 'push') {
    return reject(`Unknown X-GitHub-Event or X-Gogs-Event ${event}`);
  }
  const json = parseJson(body);
  const push = json.ok ? pushSchema.safeParse(json.value) : undefined;
  if (!push?.success) {
    return reject('the body is not a GitHub push event');
  }
  const { ref, deleted, head_commit: head } = push.data;
  if (!gitRefMatches(ref, config)) {
    return skip(otherRefMessage(ref, config));
  }
  // A push that deletes the branch has nothing to build (upstream would start a failing build).
  if (deleted === true) {
    return skip(`skipping build: the push deleted ${ref}`);
  }
  return {
    action: 'build',
    revision: gitRevision({
      commit: head?.id,
      message: head?.message,
      author: head?.author,
      committer: head?.committer,
    }),
  };
};
