import { budArgs, pushArgs } from './buildah-args.js';

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
  it('builds with chroot isolation, layers and sorted build args', () => {
    expect(budArgs(request)).toEqual([
      'bud',
      '--isolation',
      'chroot',
      '--format',
      'oci',
      '--skip-unused-stages=false',
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

  it('asks for the image ID in a file when given one', () => {
    expect(budArgs({ ...request, iidFile: '/w/iid' }).join(' ')).toContain(
      '--tls-verify=false --iidfile /w/iid --build-arg',
    );
  });

  it('turns noCache and forcePull into --no-cache and --pull-always', () => {
    const args = budArgs({ ...request, noCache: true, forcePull: true, insecure: false });
    expect(args).toContain('--no-cache');
    expect(args.join(' ')).toContain('--pull-always --tls-verify=true');
  });
});

describe(pushArgs.name, () => {
  it('pushes to a docker:// destination and records the digest', () => {
    expect(pushArgs('img', 'h:5000/x/y:z', '/d', true, 'oci')).toEqual([
      'push',
      '--tls-verify=false',
      '--format',
      'oci',
      '--digestfile',
      '/d',
      'img',
      'docker://h:5000/x/y:z',
    ]);
  });

  it('pushes a Docker schema 2 manifest for the docker format, whatever the cached image has', () => {
    expect(pushArgs('img', 'h:5000/x/y:z', '/d', true, 'docker').join(' ')).toContain(
      '--format v2s2',
    );
  });
});

describe('budArgs for squashed builds with mounts', () => {
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

  it('commits one layer over the base instead of caching layers for SkipLayers', () => {
    const args = budArgs({ ...base, squash: true });
    expect(args).not.toContain('--squash');
    expect(args).toContain('--layers=false');
    expect(args).not.toContain('--layers');
  });

  it('mounts volumes read-only and passes the authfile', () => {
    const args = budArgs({
      ...base,
      volumes: [{ source: '/w/v0', destination: '/etc/app' }],
      authfile: '/w/auth.json',
    });
    expect(args.join(' ')).toContain('--volume /w/v0:/etc/app:ro');
    expect(args.join(' ')).toContain('--authfile /w/auth.json');
  });
});
