import { budArgs, pushArgs } from './buildah-args.js';

const storage = { root: '/r', runroot: '/rr', driver: 'overlay' as const };
const request = {
  contextDir: '/ctx',
  dockerfile: '/ctx/Dockerfile',
  tag: 'kiln/b:1',
  buildArgs: { B: '2', A: '1 two' },
  noCache: false,
  forcePull: false,
  format: 'oci' as const,
  insecure: true,
};

describe(budArgs.name, () => {
  it('builds with chroot isolation, layers, sorted build args and the storage of this builder', () => {
    expect(budArgs(storage, request)).toEqual([
      '--root',
      '/r',
      '--runroot',
      '/rr',
      '--storage-driver',
      'overlay',
      'bud',
      '--isolation',
      'chroot',
      '--format',
      'oci',
      '--layers',
      '--tls-verify=false',
      '--build-arg',
      'A=1 two',
      '--build-arg',
      'B=2',
      '-f',
      '/ctx/Dockerfile',
      '-t',
      'kiln/b:1',
      '/ctx',
    ]);
  });

  it('turns noCache and forcePull into --no-cache and --pull-always', () => {
    const args = budArgs(storage, { ...request, noCache: true, forcePull: true, insecure: false });
    expect(args).toContain('--no-cache');
    expect(args.join(' ')).toContain('--pull-always --tls-verify=true');
  });
});

describe(pushArgs.name, () => {
  it('pushes to a docker:// destination and records the digest', () => {
    expect(pushArgs(storage, 'img', 'h:5000/x/y:z', '/d', true).slice(6)).toEqual([
      'push',
      '--tls-verify=false',
      '--digestfile',
      '/d',
      'img',
      'docker://h:5000/x/y:z',
    ]);
  });
});

describe('budArgs for squashed builds with mounts', () => {
  const storage = { root: '/r', runroot: '/rr', driver: 'vfs' as const };
  const base = {
    contextDir: '/ctx',
    dockerfile: '/ctx/Dockerfile',
    tag: 't',
    buildArgs: {},
    noCache: false,
    forcePull: false,
    format: 'oci' as const,
    insecure: true,
  };

  it('squashes instead of caching layers for SkipLayers', () => {
    const args = budArgs(storage, { ...base, squash: true });
    expect(args).toContain('--squash');
    expect(args).toContain('--layers=false');
    expect(args).not.toContain('--layers');
  });

  it('mounts volumes read-only and passes the authfile', () => {
    const args = budArgs(storage, {
      ...base,
      volumes: [{ source: '/w/v0', destination: '/etc/app' }],
      authfile: '/w/auth.json',
    });
    expect(args.join(' ')).toContain('--volume /w/v0:/etc/app:ro');
    expect(args.join(' ')).toContain('--authfile /w/auth.json');
  });
});
