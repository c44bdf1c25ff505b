import type { BasePullReport, BaseImages } from '../storage/base-images.js';
import { pullBuildBases } from './pull-build-bases.js';

/** A BaseImages that records each call and pulls 10 bytes per image. */
const fakeBases = () => {
  const calls: { images: readonly string[]; forcePull: boolean; authfile?: string }[] = [];
  const bases: Pick<BaseImages, 'ensure'> = {
    ensure: (images, options): Promise<BasePullReport> => {
      calls.push({
        images,
        forcePull: options.forcePull,
        ...(options.authfile ? { authfile: options.authfile } : {}),
      });
      return Promise.resolve({ pulled: [...images], reused: [], bytes: 10 * images.length });
    },
  };
  return { bases, calls };
};

const options = {
  forcePull: false,
  authfile: '/w/auth.json',
  incrementalAuthfile: '/w/incremental-auth.json',
  log: () => undefined,
  signal: new AbortController().signal,
};

describe(pullBuildBases.name, () => {
  it('pulls every base with the pull secret when the build is not incremental', async () => {
    const { bases, calls } = fakeBases();
    const report = await pullBuildBases(bases, { baseImages: ['r/a:1', 'r/b:1'] }, options);
    expect(calls).toEqual([
      { images: ['r/a:1', 'r/b:1'], forcePull: false, authfile: '/w/auth.json' },
    ]);
    expect(report).toEqual({ pulled: ['r/a:1', 'r/b:1'], reused: [], bytes: 20 });
  });

  it('pulls the previous image afresh with the push secret, the builder with the pull secret', async () => {
    const { bases, calls } = fakeBases();
    const report = await pullBuildBases(
      bases,
      {
        baseImages: ['r/builder:1', 'out:5000/app:latest'],
        incremental: { image: 'out:5000/app:latest' },
      },
      options,
    );
    expect(calls).toEqual([
      { images: ['r/builder:1'], forcePull: false, authfile: '/w/auth.json' },
      { images: ['out:5000/app:latest'], forcePull: true, authfile: '/w/incremental-auth.json' },
    ]);
    expect(report.bytes).toBe(20);
  });

  it('pulls the previous image without credentials when the push secret has none for it', async () => {
    const { bases, calls } = fakeBases();
    const { incrementalAuthfile: _none, ...withoutPushCredentials } = options;
    await pullBuildBases(
      bases,
      {
        baseImages: ['r/builder:1', 'out:5000/app:latest'],
        incremental: { image: 'out:5000/app:latest' },
      },
      withoutPushCredentials,
    );
    expect(calls[1]).toEqual({ images: ['out:5000/app:latest'], forcePull: true });
  });
});
