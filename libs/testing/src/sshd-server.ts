import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { findFreePort, managed, readyOrExit, spawnLogged, waitForPort } from '@kiln/farm';
import { generateSshKey } from './ssh-key.js';
import { makeTempDir } from './temp-dir.js';

export type SshServer = {
  port: number;
  /** The private key of the one client key pair the server authorizes. */
  clientPrivateKey: string;
  /** `[127.0.0.1]:<port> ssh-ed25519 <host key>`: the known_hosts line that trusts this server. */
  knownHostsLine: string;
  /** `ssh://<user>@127.0.0.1:<port><path>` for a repository at an absolute path on this machine. */
  url: (absolutePath: string) => string;
  stop: () => Promise<void>;
};

/**
 * A throwaway OpenSSH server on a free loopback port, for cloning over ssh as a git host serves
 * it: git-upload-pack runs as the current user (root in CI, hence `prohibit-password`) over the
 * ordinary shell. Everything it needs lives in its own temp dir, removed by `stop`; nothing of
 * the machine's /etc/ssh is read.
 */
export async function startTestSshd(): Promise<SshServer> {
  const dir = makeTempDir('sshd');
  const port = await findFreePort();
  const hostKey = generateSshKey(dir.path, 'host_key');
  const client = generateSshKey(dir.path, 'client_key');
  const authorizedKeys = join(dir.path, 'authorized_keys');
  writeFileSync(authorizedKeys, `${client.publicKey}\n`);
  const config = join(dir.path, 'sshd_config');
  writeFileSync(config, sshdConfig(dir.path, port, hostKey.privateKeyPath, authorizedKeys));
  // sshd refuses to start without its privilege separation dir, which only its service creates.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const logFile = join(dir.path, 'sshd.log');
  // An absolute path: sshd re-executes itself for every connection.
  const child = spawnLogged({
    name: 'sshd',
    command: '/usr/sbin/sshd',
    args: ['-D', '-e', '-f', config],
    logFile,
  });
  const sshd = managed('sshd', child, port);
  try {
    await readyOrExit('sshd', child, logFile, waitForPort(port, 10_000));
  } catch (error) {
    // The dir stays: the error names the log in it that says why sshd would not start.
    await sshd.stop();
    throw error;
  }
  const user = userInfo().username;
  return {
    port,
    clientPrivateKey: client.privateKey,
    knownHostsLine: `[127.0.0.1]:${port} ${hostKey.publicKey}`,
    url: (absolutePath) => `ssh://${user}@127.0.0.1:${port}${absolutePath}`,
    stop: async () => {
      await sshd.stop();
      dir.remove();
    },
  };
}

function sshdConfig(dir: string, port: number, hostKey: string, authorizedKeys: string): string {
  return [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    // The temp dir's modes are not what sshd demands of a home directory.
    'StrictModes no',
    // PAM would need a login service set up for this user; keys are all the tests use.
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    // git asks for protocol v2 through this variable, as it does of real git hosts.
    'AcceptEnv GIT_PROTOCOL',
    '',
  ].join('\n');
}
