import type { BinaryQuery } from '../api/builds.js';

/** `git log -1` fields, NUL-separated so no message or name can break the split. */
export const gitLogFormat = '%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B';

export type GitCommit = {
  commit: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  message: string;
};

export function parseGitLog(output: string): GitCommit {
  const [
    commit = '',
    authorName = '',
    authorEmail = '',
    committerName = '',
    committerEmail = '',
    ...message
  ] = output.split('\0');
  if (!/^[0-9a-f]{40,64}$/.test(commit.trim())) {
    throw new Error(`unexpected git log output: ${output.slice(0, 80)}`);
  }
  return {
    commit: commit.trim(),
    authorName,
    authorEmail,
    committerName,
    committerEmail,
    message: message.join('\0').trim(),
  };
}

/** The `revision.*` query parameters of instantiatebinary for a commit. */
export function revisionQuery(commit: GitCommit): BinaryQuery {
  return {
    'revision.commit': commit.commit,
    'revision.message': commit.message,
    'revision.authorName': commit.authorName,
    'revision.authorEmail': commit.authorEmail,
    'revision.committerName': commit.committerName,
    'revision.committerEmail': commit.committerEmail,
  };
}
