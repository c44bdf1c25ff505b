import { join } from 'node:path';
import { parseGitUrl } from './git-url.js';

/** The decoded keys of a sourceSecret that git uses (see OpenShift's source clone secrets). */
export type SourceSecret = Partial<
  Record<
    'username' | 'password' | 'token' | 'ssh-privatekey' | 'known_hosts' | 'ca.crt' | '.gitconfig',
    string
  >
>;

export type SecretFile = { name: string; content: string; mode: number };

/** What a clone needs for its credentials: files to write (in a private dir) and git's env. */
export type GitAuthPlan = {
  files: SecretFile[];
  env: Record<string, string>;
  /** Values that must never appear in a log line or message. */
  secrets: string[];
  /** The user's `.gitconfig`, still to be filtered (see gitconfig-filter.ts). */
  userConfig?: string;
  /** Said in the build log: which kinds of credentials are used, or why one is not. */
  notes: string[];
};

/**
 * git's askpass protocol: it runs the program with the prompt as $1 and reads the answer. This
 * one answers only the prompts for the source URL's own origin (never a submodule's or a
 * redirect's other host), from files only the fetcher can read. It holds no secret itself.
 */
const askpassScript = `#!/bin/sh
case "$1" in
  "$KILN_ASKPASS_USER_PROMPT"*) exec cat "$KILN_ASKPASS_USER_FILE" ;;
  "$KILN_ASKPASS_PASSWORD_PROMPT"*) exec cat "$KILN_ASKPASS_PASSWORD_FILE" ;;
esac
exit 1
`;

/** Default user name for a token without one: hosts that take tokens accept any name. */
const tokenUser = 'git';

/**
 * How to pass a sourceSecret to git without putting a credential in a URL, an argv or a
 * `.git/config`: basic auth through GIT_ASKPASS reading 0600 files, ssh through
 * GIT_SSH_COMMAND with the key in a 0600 file, the CA through GIT_SSL_CAINFO. Pure: `dir`
 * is where the caller writes `files`.
 */
export function planGitAuth(
  uri: string,
  secret: SourceSecret | undefined,
  dir: string,
): GitAuthPlan {
  const plan: GitAuthPlan = { files: [], env: {}, secrets: [], notes: [] };
  const url = parseGitUrl(uri);
  const isHttp = url.kind === 'url' && (url.scheme === 'http' || url.scheme === 'https');
  const isSsh = url.kind === 'scp' || (url.kind === 'url' && url.scheme.includes('ssh'));
  const file = (name: string, content: string, mode = 0o600) => {
    plan.files.push({ name, content, mode });
    return join(dir, name);
  };

  const password = secret?.token ?? secret?.password;
  if (password !== undefined && isHttp && url.kind === 'url') {
    const urlUser = decodeURIComponent(url.user.split(':')[0] ?? '');
    const user = urlUser || secret?.username || tokenUser;
    const origin = `${url.scheme}://${url.host}${url.port ? `:${url.port}` : ''}`;
    plan.env.GIT_ASKPASS = file('askpass.sh', askpassScript, 0o700);
    plan.env.KILN_ASKPASS_USER_PROMPT = `Username for '${origin}'`;
    plan.env.KILN_ASKPASS_PASSWORD_PROMPT = `Password for '${origin.replace('://', `://${user}@`)}'`;
    plan.env.KILN_ASKPASS_USER_FILE = file('username', user);
    plan.env.KILN_ASKPASS_PASSWORD_FILE = file('password', password);
    plan.secrets.push(password);
    plan.notes.push(`Using basic authentication from the sourceSecret for ${origin}`);
  } else if (password !== undefined) {
    plan.notes.push('The sourceSecret has a password or token, used only for http(s) URLs');
  }

  const key = secret?.['ssh-privatekey'];
  const ssh = ['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'];
  if (key !== undefined && isSsh) {
    ssh.push('-o', 'IdentitiesOnly=yes', '-i', file('ssh-privatekey', withNewline(key)));
    plan.secrets.push(
      ...key.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
    );
    plan.notes.push('Using the ssh key from the sourceSecret');
  } else if (key !== undefined) {
    plan.notes.push('The sourceSecret has an ssh key, used only for ssh URLs');
  }
  const knownHosts = secret?.known_hosts;
  if (knownHosts !== undefined) {
    ssh.push(
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${file('known_hosts', withNewline(knownHosts))}`,
    );
  } else {
    // As OpenShift does without known_hosts: the host key is accepted, never remembered.
    ssh.push(
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
    );
  }
  plan.env.GIT_SSH_COMMAND = ssh.map(shellQuote).join(' ');
  plan.env.GIT_SSH_VARIANT = 'ssh';

  const ca = secret?.['ca.crt'];
  if (ca !== undefined) {
    plan.env.GIT_SSL_CAINFO = file('ca.crt', withNewline(ca));
  }
  if (secret?.['.gitconfig'] !== undefined) {
    plan.userConfig = secret['.gitconfig'];
  }
  return plan;
}

/** The per-build proxies of `source.git`, as the env git and libcurl read. */
export function proxyEnv(git: {
  httpProxy?: string | null;
  httpsProxy?: string | null;
  noProxy?: string | null;
}): Record<string, string> {
  const env: Record<string, string> = {};
  if (git.httpProxy) {
    env.http_proxy = git.httpProxy;
  }
  if (git.httpsProxy) {
    env.https_proxy = git.httpsProxy;
    env.HTTPS_PROXY = git.httpsProxy;
  }
  if (git.noProxy) {
    env.no_proxy = git.noProxy;
    env.NO_PROXY = git.noProxy;
  }
  return env;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** GIT_SSH_COMMAND goes through the shell: every word single-quoted. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
