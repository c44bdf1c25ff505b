import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EventOf, ResolvedObject } from '@kiln/events';
import { makeTempDir } from '@kiln/testing';
import { resolveSecretEnv, secretEnvObjects, writeSecretEnv } from './secret-env.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const TRICKY = `it's "quoted" $HOME \`id\` \\ end`;

const jobWith = (env: unknown[], secretEnv?: string[]): Job =>
  ({
    build: {
      metadata: { name: 'app-1', namespace: 'team', uid: 'u-1' },
      spec: { strategy: { type: 'Source', sourceStrategy: { env } } },
    },
    ...(secretEnv ? { secretEnv } : {}),
  }) as unknown as Job;

const env = [
  { name: 'PLAIN', value: 'x' },
  { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
  { name: 'AUTH', value: 'Bearer $(TOKEN)' },
  { name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
];
const objects = new Map<string, ResolvedObject>([
  ['Secret/creds', { kind: 'Secret', name: 'creds', data: { token: b64(TRICKY) } }],
]);

describe('secret env', () => {
  it('asks for the objects only when the job has secret env, and never for optional ones', () => {
    expect(secretEnvObjects(jobWith(env))).toEqual([]);
    expect(secretEnvObjects(jobWith(env, ['TOKEN', 'AUTH']))).toEqual([
      { kind: 'Secret', name: 'creds' },
    ]);
  });

  it('resolves just the named variables, derived ones included', () => {
    expect(resolveSecretEnv(jobWith(env, ['TOKEN', 'AUTH']), objects)).toEqual([
      { name: 'TOKEN', value: TRICKY },
      { name: 'AUTH', value: `Bearer ${TRICKY}` },
    ]);
  });

  it('fails naming the variable, not the value, when the Secret lost its key', () => {
    const job = jobWith(
      [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'other' } } }],
      ['TOKEN'],
    );
    expect(() => resolveSecretEnv(job, objects)).toThrow(/env TOKEN: key "other"/);
  });

  it('writes a file sh sources back to the exact values', () => {
    const work = makeTempDir('secret-env');
    try {
      const mount = writeSecretEnv(
        [
          { name: 'TOKEN', value: TRICKY },
          { name: 'AUTH', value: `Bearer ${TRICKY}` },
        ],
        work.path,
      );
      expect(mount?.destination).toBe('/run/kiln/secret-env');
      const file = join(mount?.source ?? '', 'env');
      expect(statSync(file).mode & 0o777).toBe(0o644);
      const out = execFileSync('sh', ['-c', `. ${file} && printf '%s|%s' "$TOKEN" "$AUTH"`], {
        env: {},
      }).toString();
      expect(out).toBe(`${TRICKY}|Bearer ${TRICKY}`);
      expect(readFileSync(file, 'utf8')).toMatch(/^export TOKEN=/);
    } finally {
      work.remove();
    }
  });

  it('refuses a name that is not an identifier rather than write it into shell', () => {
    expect(() => writeSecretEnv([{ name: 'A;rm -rf /', value: 'v' }], '/nonexistent')).toThrow(
      /not a valid identifier/,
    );
  });

  it('writes nothing when there is no secret env', () => {
    expect(writeSecretEnv([], '/nonexistent')).toBeUndefined();
  });
});
