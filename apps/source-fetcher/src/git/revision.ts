import type { EventOf } from '@kiln/events';
import type { GitRunner } from './git.runner.js';

export type Revision = NonNullable<EventOf<'kiln.v1.stage.source.fetched'>['revision']>;

const FORMAT = ['%H', '%an', '%ae', '%cn', '%ce', '%cI', '%s'].join('%x00');

/** The checked-out commit, for the build's labels, env and status. */
export async function readRevision(
  git: GitRunner,
  dir: string,
  ref: string | undefined,
): Promise<Revision> {
  const [commit, authorName, authorEmail, committerName, committerEmail, date, message] = (
    await git.git(dir, ['log', '-1', `--format=${FORMAT}`])
  )
    .trim()
    .split('\0');
  return { commit, authorName, authorEmail, committerName, committerEmail, date, message, ref };
}
