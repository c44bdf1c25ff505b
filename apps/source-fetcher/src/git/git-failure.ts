import { redactGitUrl } from './git-url.js';

/**
 * Turns git's stderr into the cause a user can act on. The URL is shown redacted, and git's own
 * words are quoted only when no rule matched, with any URL credentials masked.
 */
export function explainGitFailure(stderr: string, uri: string): string {
  const shown = redactGitUrl(uri);
  const text = stderr.replace(/(\/\/)[^@/\s]+@/g, '$1***@');
  if (
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(publickey|HTTP Basic: Access denied|returned error: 40[13]/i.test(
      text,
    )
  ) {
    // A submodule on another host asked too: say which (credentials go to the source's only).
    const asked = /(?:for|read Username for|read Password for) '([a-z+]+:\/\/[^']+)'/i.exec(
      text,
    )?.[1];
    const other = asked && !uri.includes(hostOf(asked)) ? redactGitUrl(asked) : undefined;
    return other
      ? `authentication to ${other} (a submodule of ${shown}) failed: the sourceSecret is used for ${shown} only`
      : `authentication to ${shown} failed: check the build's sourceSecret`;
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(text)) {
    return `the ssh host key of ${shown} is not in the sourceSecret's known_hosts`;
  }
  if (
    /SSL certificate problem|server certificate verification failed|unable to get local issuer/i.test(
      text,
    )
  ) {
    return `the TLS certificate of ${shown} is not trusted: add the CA to the sourceSecret as ca.crt`;
  }
  if (
    /Could not resolve host|Could not resolve hostname|Name or service not known|Temporary failure in name resolution/i.test(
      text,
    )
  ) {
    return `the git host of ${shown} could not be resolved`;
  }
  if (
    /Connection refused|unable to connect|Failed to connect|Connection timed out|Connection reset|No route to host|Network is unreachable/i.test(
      text,
    )
  ) {
    return `the git host of ${shown} is unreachable`;
  }
  if (
    /Remote branch .* not found|did not match any|couldn't find remote ref|reference is not a tree|unknown revision|not our ref|invalid reference/i.test(
      text,
    )
  ) {
    return `the ref was not found in ${shown}`;
  }
  if (
    /repository .* not found|does not appear to be a git repository|not exported|returned error: 404|No such file or directory/i.test(
      text,
    )
  ) {
    return `no repository at ${shown}`;
  }
  const last = text
    .trim()
    .split('\n')
    .filter((l) => !/^(Cloning into|remote: (Counting|Compressing|Enumerating))/.test(l))
    .slice(-2)
    .join(' ');
  return `git failed for ${shown}: ${last || 'no output'}`;
}

function hostOf(url: string): string {
  return /^[a-z+]+:\/\/(?:[^@/]*@)?([^/]+)/i.exec(url)?.[1] ?? url;
}
