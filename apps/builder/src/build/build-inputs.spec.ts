import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedObject } from '@kiln/events';
import { placeBuildInputs } from './build-inputs.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function aJob(overrides: Record<string, unknown>) {
  return {
    injections: [],
    volumes: [],
    ...overrides,
  } as unknown as Parameters<typeof placeBuildInputs>[0];
}

describe('placeBuildInputs', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'inputs-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const objects = new Map<string, ResolvedObject>([
    ['Secret/s', { kind: 'Secret', name: 's', data: { token: b64('t0k') } }],
    ['ConfigMap/c', { kind: 'ConfigMap', name: 'c', data: { 'app.conf': b64('x=1') } }],
    [
      'Secret/pull',
      {
        kind: 'Secret',
        name: 'pull',
        type: 'kubernetes.io/dockercfg',
        data: { '.dockercfg': b64('{"r:5000":{"auth":"dTpw"}}') },
      },
    ],
  ]);

  it('writes injections into the context at their path', () => {
    placeBuildInputs(
      aJob({ injections: [{ kind: 'Secret', name: 's', path: 'app/secrets' }] }),
      objects,
      {
        bundleRoot: join(work, 'src'),
        work,
      },
    );
    expect(readFileSync(join(work, 'src', 'app', 'secrets', 'token'), 'utf8')).toBe('t0k');
  });

  it('refuses an injection path that leaves the context', () => {
    expect(() =>
      placeBuildInputs(
        aJob({ injections: [{ kind: 'Secret', name: 's', path: '../out' }] }),
        objects,
        {
          bundleRoot: join(work, 'src'),
          work,
        },
      ),
    ).toThrow('leaves the build context');
  });

  it('puts volumes outside the context and returns their mounts', () => {
    const placed = placeBuildInputs(
      aJob({ volumes: [{ kind: 'ConfigMap', name: 'c', destinationPath: '/etc/app' }] }),
      objects,
      { bundleRoot: join(work, 'src'), work },
    );
    expect(placed.volumes).toEqual([
      { source: join(work, 'volumes', '0'), destination: '/etc/app' },
    ]);
    expect(readFileSync(join(work, 'volumes', '0', 'app.conf'), 'utf8')).toBe('x=1');
  });

  it('turns a legacy dockercfg pull secret into a 0600 authfile', () => {
    const placed = placeBuildInputs(aJob({ pullSecret: 'pull' }), objects, {
      bundleRoot: join(work, 'src'),
      work,
    });
    expect(placed.authfile).toBeDefined();
    expect(JSON.parse(readFileSync(placed.authfile ?? '', 'utf8'))).toEqual({
      auths: { 'r:5000': { auth: 'dTpw' } },
    });
    expect(statSync(placed.authfile ?? '').mode & 0o777).toBe(0o600);
  });
});
