import { parseDockerfile } from './parse-dockerfile.js';
import { sourceSecretEnv, splitSecretEnv } from './source-secret-env.js';

const FILE = '/run/kiln/secret-env/env';

describe('splitSecretEnv', () => {
  it('keeps plain values for ENV and names the secret ones once', () => {
    expect(
      splitSecretEnv([
        { name: 'A', value: '1' },
        { name: 'TOKEN', value: 's3cr3t', secret: true },
        { name: 'TOKEN', value: 'again', secret: true },
      ]),
    ).toEqual({ plain: [{ name: 'A', value: '1' }], secretNames: ['TOKEN'] });
  });
});

describe('sourceSecretEnv', () => {
  it('prefixes every shell-form RUN of every stage, keeping its flags', () => {
    const out = sourceSecretEnv(
      [
        'FROM base AS build',
        'RUN npm ci && \\',
        '    npm run build',
        'FROM base',
        'RUN --mount=type=cache,target=/root/.npm echo hi',
        'CMD ["node", "app.js"]',
        '',
      ].join('\n'),
      FILE,
    );
    const runs = parseDockerfile(out)
      .stages.flatMap((s) => s.body)
      .filter((n) => n.kind === 'instruction' && n.keyword === 'RUN');
    expect(runs.map((r) => (r.kind === 'instruction' ? [r.args, r.flags] : []))).toEqual([
      [`. ${FILE} && npm ci &&     npm run build`, []],
      [`. ${FILE} && echo hi`, [{ name: 'mount', value: 'type=cache,target=/root/.npm' }]],
    ]);
    expect(out).toContain('CMD ["node", "app.js"]');
  });

  it('leaves exec-form and here-document RUNs, and ONBUILD triggers, as they are', () => {
    const input = [
      'FROM base',
      'RUN ["/bin/true"]',
      'RUN <<EOF',
      'echo from a heredoc',
      'EOF',
      'ONBUILD RUN make',
      '',
    ].join('\n');
    expect(sourceSecretEnv(input, FILE)).not.toContain(FILE);
  });
});
