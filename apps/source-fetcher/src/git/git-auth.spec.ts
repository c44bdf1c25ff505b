import { planGitAuth, proxyEnv } from './git-auth.js';

const dir = '/work/secrets';

describe(planGitAuth.name, () => {
  it('answers only the source origin through askpass, with the secret in files', () => {
    const plan = planGitAuth(
      'https://git.example.com:8443/org/r.git',
      { username: 'ada', password: 'pw-canary' },
      dir,
    );

    expect(plan.env).toMatchObject({
      GIT_ASKPASS: `${dir}/askpass.sh`,
      KILN_ASKPASS_USER_PROMPT: "Username for 'https://git.example.com:8443'",
      KILN_ASKPASS_PASSWORD_PROMPT: "Password for 'https://ada@git.example.com:8443'",
      KILN_ASKPASS_USER_FILE: `${dir}/username`,
      KILN_ASKPASS_PASSWORD_FILE: `${dir}/password`,
    });
    expect(plan.files).toContainEqual({ name: 'password', content: 'pw-canary', mode: 0o600 });
    expect(plan.files.find((f) => f.name === 'askpass.sh')).toMatchObject({ mode: 0o700 });
    expect(JSON.stringify(plan.env)).not.toContain('pw-canary');
    expect(plan.files.find((f) => f.name === 'askpass.sh')?.content).not.toContain('pw-canary');
    expect(plan.secrets).toEqual(['pw-canary']);
  });

  it('prefers a token to a password, and names a user when the secret has none', () => {
    const plan = planGitAuth('https://h/r.git', { password: 'pw', token: 'tok-canary' }, dir);

    expect(plan.files).toContainEqual({ name: 'password', content: 'tok-canary', mode: 0o600 });
    expect(plan.files).toContainEqual({ name: 'username', content: 'git', mode: 0o600 });
  });

  it('keeps the user named in the URL for the password prompt', () => {
    const plan = planGitAuth('https://bob@h/r.git', { username: 'ada', password: 'pw' }, dir);
    expect(plan.env.KILN_ASKPASS_PASSWORD_PROMPT).toBe("Password for 'https://bob@h'");
  });

  it('passes an ssh key with known_hosts through GIT_SSH_COMMAND, quoted', () => {
    const plan = planGitAuth(
      'git@example.com:org/r.git',
      { 'ssh-privatekey': 'KEY', known_hosts: 'example.com ssh-ed25519 AAAA' },
      '/work dir/secrets',
    );

    expect(plan.env.GIT_SSH_COMMAND).toBe(
      "ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=30 -o IdentitiesOnly=yes -i '/work dir/secrets/ssh-privatekey' -o StrictHostKeyChecking=yes -o 'UserKnownHostsFile=/work dir/secrets/known_hosts'",
    );
    expect(plan.files).toContainEqual({ name: 'ssh-privatekey', content: 'KEY\n', mode: 0o600 });
    expect(plan.env.GIT_ASKPASS).toBeUndefined();
  });

  it('accepts any host key without known_hosts, as OpenShift does', () => {
    const plan = planGitAuth('ssh://git@h/r.git', { 'ssh-privatekey': 'KEY' }, dir);
    expect(plan.env.GIT_SSH_COMMAND).toContain('StrictHostKeyChecking=no');
    expect(plan.env.GIT_SSH_COMMAND).toContain('UserKnownHostsFile=/dev/null');
  });

  it('uses each kind of credential only for its own kind of URL', () => {
    const plan = planGitAuth('git://h/r.git', { password: 'pw', 'ssh-privatekey': 'KEY' }, dir);

    expect(plan.env.GIT_ASKPASS).toBeUndefined();
    expect(plan.env.GIT_SSH_COMMAND).not.toContain('-i');
    expect(plan.notes).toHaveLength(2);
  });

  it('points git at the CA and hands the .gitconfig on for filtering', () => {
    const plan = planGitAuth('https://h/r.git', { 'ca.crt': 'PEM', '.gitconfig': '[user]\n' }, dir);

    expect(plan.env.GIT_SSL_CAINFO).toBe(`${dir}/ca.crt`);
    expect(plan.userConfig).toBe('[user]\n');
  });
});

describe(proxyEnv.name, () => {
  it('sets the variables git and libcurl read', () => {
    expect(
      proxyEnv({ httpProxy: 'http://p:3128', httpsProxy: 'http://p:3129', noProxy: '.local' }),
    ).toEqual({
      http_proxy: 'http://p:3128',
      https_proxy: 'http://p:3129',
      HTTPS_PROXY: 'http://p:3129',
      no_proxy: '.local',
      NO_PROXY: '.local',
    });
  });
});
