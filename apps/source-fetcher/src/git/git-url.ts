/** What git would make of a `source.git.uri`. */
export type GitUrl =
  | { kind: 'url'; scheme: string; user: string; host: string; port: string }
  | { kind: 'scp'; user: string; host: string }
  | { kind: 'local' }
  | { kind: 'helper'; helper: string };

const networkSchemes = ['http', 'https', 'git', 'ssh', 'git+ssh', 'ssh+git'];

/** Classifies a URL the way git does: scheme URL, scp-like `[user@]host:path`, or a local path. */
export function parseGitUrl(uri: string): GitUrl {
  const helper = /^([A-Za-z][A-Za-z0-9+.-]*)::/.exec(uri);
  if (helper) {
    return { kind: 'helper', helper: helper[1] ?? '' };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme) {
    if (scheme === 'file') {
      return { kind: 'local' };
    }
    const authority = /^[^:]+:\/\/([^/?#]*)/.exec(uri)?.[1] ?? '';
    const at = authority.lastIndexOf('@');
    const user = at < 0 ? '' : authority.slice(0, at);
    const hostPort = authority.slice(at + 1);
    const port = /:(\d*)$/.exec(hostPort)?.[1] ?? '';
    const host =
      port || hostPort.endsWith(':') ? hostPort.slice(0, hostPort.lastIndexOf(':')) : hostPort;
    return { kind: 'url', scheme, user, host, port };
  }
  // git: a colon before any slash makes it scp-like ssh; otherwise it is a path.
  const scp = /^(?:([^@/]*)@)?(\[[^\]]*\]|[^/:]+):/.exec(uri);
  if (scp && !uri.startsWith('/')) {
    return { kind: 'scp', user: scp[1] ?? '', host: scp[2] ?? '' };
  }
  return { kind: 'local' };
}

/** Why a git URL is refused, or undefined when it may be cloned. */
export function refuseGitUrl(uri: string, allowLocal: boolean): string | undefined {
  if (uri.trim() === '') {
    return 'the git URL is empty';
  }
  if (uri.startsWith('-')) {
    return 'a git URL may not start with "-" (it would be read as an option)';
  }
  if (hasControlCharacters(uri)) {
    return 'a git URL may not contain control characters';
  }
  const url = parseGitUrl(uri);
  switch (url.kind) {
    case 'helper':
      // `ext::` runs a command and `fd::` reads a descriptor: remote helpers never reach git.
      return `the remote helper "${url.helper}::" is not allowed`;
    case 'local':
      return allowLocal
        ? undefined
        : 'local repositories (file:// or a path) are not allowed on this farm';
    case 'url':
      if (!networkSchemes.includes(url.scheme)) {
        return `the scheme "${url.scheme}://" is not supported (use https, http, git or ssh)`;
      }
      return refuseHost(url.host, url.user);
    case 'scp':
      return refuseHost(url.host, url.user);
  }
}

/** ssh reads a host or user that starts with "-" as an option (CVE-2017-1000117). */
function refuseHost(host: string, user: string): string | undefined {
  if (host === '' || host === '[]') {
    return 'the git URL names no host';
  }
  if (host.replace(/^\[/, '').startsWith('-') || user.startsWith('-')) {
    return 'a host or user name in a git URL may not start with "-"';
  }
  if (/\s/.test(host)) {
    return 'a host name in a git URL may not contain spaces';
  }
  return undefined;
}

/** The URL with any credentials in it masked, for messages and the kept `.git/config`. */
export function redactGitUrl(uri: string): string {
  return uri.replace(
    /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/,
    (_m, scheme: string, info: string) =>
      /^https?:\/\//i.test(scheme) || info.includes(':')
        ? `${scheme}${info.includes(':') ? `${info.split(':')[0] ?? ''}:***` : '***'}@`
        : `${scheme}${info}@`,
  );
}

/** Why a `source.git.ref` is refused: it reaches git's argv, so it must not pass for an option. */
export function refuseGitRef(ref: string): string | undefined {
  if (ref.startsWith('-')) {
    return 'a git ref may not start with "-"';
  }
  if (hasControlCharacters(ref) || /[\s~^:?*[\\]|\.\.|@\{/.test(ref)) {
    return `"${[...ref].map((c) => (hasControlCharacters(c) ? '?' : c)).join('')}" is not a valid git ref name`;
  }
  return undefined;
}

function hasControlCharacters(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
