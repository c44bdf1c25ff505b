import type { Build } from '@kiln/build-types';
import type { ResolvedObject } from '@kiln/events';
import { envObjectRefs, resolveBuildEnv } from './resolve-build-env.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const objects = new Map<string, ResolvedObject>([
  ['Secret/creds', { kind: 'Secret', name: 'creds', data: { token: b64('s3cr3t') } }],
  ['ConfigMap/settings', { kind: 'ConfigMap', name: 'settings', data: { mode: b64('fast') } }],
]);
const build = {
  metadata: { name: 'app-3', namespace: 'team', uid: 'u-1', labels: { tier: 'web' } },
  spec: {},
} as unknown as Build;

describe('resolveBuildEnv', () => {
  it('reads secret and config map keys and build fields', () => {
    const result = resolveBuildEnv(
      [
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
        { name: 'BUILD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
        { name: 'ALL', value: '$(MODE)-$(BUILD)-$$(MODE)-$(NOPE)' },
      ],
      objects,
      build,
    );
    expect(result).toEqual({
      ok: true,
      env: [
        { name: 'TOKEN', value: 's3cr3t', secret: true },
        { name: 'MODE', value: 'fast' },
        { name: 'BUILD', value: 'app-3' },
        { name: 'TIER', value: 'web' },
        { name: 'ALL', value: 'fast-app-3-$(MODE)-$(NOPE)' },
      ],
    });
  });

  it('marks a value that expands a secret as secret too, and only those', () => {
    const result = resolveBuildEnv(
      [
        { name: 'PLAIN', value: 'x' },
        { name: 'URL', value: 'https://$(TOKEN)@git.example' },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'AUTH', value: 'Bearer $(TOKEN)' },
        { name: 'CHAIN', value: '[$(AUTH)]' },
        { name: 'ESCAPED', value: '$$(TOKEN)' },
      ],
      objects,
      build,
    );
    expect(result).toEqual({
      ok: true,
      env: [
        { name: 'PLAIN', value: 'x' },
        // TOKEN is defined later: the reference stays literal and nothing secret is in it.
        { name: 'URL', value: 'https://$(TOKEN)@git.example' },
        { name: 'TOKEN', value: 's3cr3t', secret: true },
        { name: 'AUTH', value: 'Bearer s3cr3t', secret: true },
        { name: 'CHAIN', value: '[Bearer s3cr3t]', secret: true },
        { name: 'ESCAPED', value: '$(TOKEN)' },
      ],
    });
  });

  it('fails on a missing key, naming the variable and not the value', () => {
    const result = resolveBuildEnv(
      [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'other' } } }],
      objects,
      build,
    );
    expect(result).toEqual({
      ok: false,
      message: 'env X: key "other" not found in Secret "creds"',
    });
  });

  it('skips an optional missing key', () => {
    const result = resolveBuildEnv(
      [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } }],
      objects,
      build,
    );
    expect(result).toEqual({ ok: true, env: [] });
  });

  it('refuses field paths builds do not have', () => {
    const result = resolveBuildEnv(
      [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      objects,
      build,
    );
    expect(result.ok).toBe(false);
  });

  it('lists the objects valueFrom needs, leaving out optional ones', () => {
    expect(
      envObjectRefs([
        { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
        { name: 'C', value: 'x' },
        { name: 'D', valueFrom: { secretKeyRef: { name: 'maybe', key: 'k', optional: true } } },
      ]),
    ).toEqual([
      { kind: 'Secret', name: 's' },
      { kind: 'ConfigMap', name: 'c' },
    ]);
  });
});
