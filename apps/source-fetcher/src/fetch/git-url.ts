/** Why a git URL is refused, or undefined when it may be cloned. */
export function refuseGitUrl(uri: string, allowLocal: boolean): string | undefined {
  if (uri.startsWith('-')) {
    return 'a git URL may not start with "-" (it would be read as an option)';
  }
  if (/[\0\r\n]/.test(uri)) {
    return 'a git URL may not contain control characters';
  }
  // `ext::` runs a command and `fd::` reads a descriptor: remote helpers never reach git.
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(uri)) {
    return `the remote helper "${uri.split('::')[0] ?? ''}::" is not allowed`;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'file' || (!scheme && !/^[^/]+@[^/:]+:/.test(uri))) {
    return allowLocal
      ? undefined
      : 'local repositories (file:// or a path) are not allowed on this farm';
  }
  if (scheme && !['http', 'https', 'git', 'ssh'].includes(scheme)) {
    return `the scheme "${scheme}://" is not supported (use https, http, git or ssh)`;
  }
  return undefined;
}
