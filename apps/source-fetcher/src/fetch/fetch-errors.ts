/** A fetch failure with the build status reason it maps to and a message a user can act on. */
export class FetchError extends Error {
  constructor(
    readonly reason: 'FetchSourceFailed' | 'InvalidContextDirectory',
    message: string,
  ) {
    super(message);
  }
}

/** Turns git's stderr into the cause a user can act on; never echoes credentials. */
export function explainGitFailure(stderr: string, uri: string): string {
  const text = stderr.replace(/\/\/[^@/\s]+@/g, '//');
  if (/Could not resolve host|Connection refused|unable to connect|timed out/i.test(text)) {
    return `the git host of ${uri} is unreachable`;
  }
  if (/Authentication failed|could not read Username|Permission denied|403/i.test(text)) {
    return `authentication to ${uri} failed: check the build's sourceSecret`;
  }
  if (
    /Remote branch .* not found|did not match any|couldn't find remote ref|reference is not a tree|unknown revision/i.test(
      text,
    )
  ) {
    return `the ref was not found in ${uri}`;
  }
  if (/not found|does not appear to be a git repository|not exported/i.test(text)) {
    return `no repository at ${uri}`;
  }
  return `git failed for ${uri}: ${text.trim().split('\n').slice(-2).join(' ')}`;
}
