import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SshKeyPair = {
  /** Where the private key was written (0600, as ssh-keygen leaves it). */
  privateKeyPath: string;
  /** The private key in OpenSSH format, as a Secret's `ssh-privatekey` holds it. */
  privateKey: string;
  /** `ssh-ed25519 <base64> kiln-test`: one authorized_keys line, or a host key's known_hosts part. */
  publicKey: string;
};

/** A fresh ed25519 key pair without a passphrase, written as dir/name and dir/name.pub. */
export function generateSshKey(dir: string, name: string): SshKeyPair {
  const privateKeyPath = join(dir, name);
  execFileSync(
    'ssh-keygen',
    ['-q', '-t', 'ed25519', '-N', '', '-C', 'kiln-test', '-f', privateKeyPath],
    {
      stdio: 'ignore',
    },
  );
  return {
    privateKeyPath,
    privateKey: readFileSync(privateKeyPath, 'utf8'),
    publicKey: readFileSync(`${privateKeyPath}.pub`, 'utf8').trim(),
  };
}
