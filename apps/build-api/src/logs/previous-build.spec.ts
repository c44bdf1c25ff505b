import type { Build } from '@kiln/build-types';
import { previousBuildName } from './previous-build.js';
import { thrown } from '@kiln/testing';

const aBuild = (annotations: Record<string, string>, config?: string): Build => ({
  metadata: { name: 'this-one', namespace: 'a', annotations },
  spec: { strategy: { dockerStrategy: {} } },
  status: {
    phase: 'Complete',
    ...(config ? { config: { kind: 'BuildConfig', name: config } } : {}),
  },
});

describe(previousBuildName.name, () => {
  it("is the config's build numbered one lower", () => {
    const build = aBuild({
      'openshift.io/build-config.name': 'app',
      'openshift.io/build.number': '7',
    });
    expect(previousBuildName(build)).toBe('app-6');
  });

  it('goes by the number, not by the build name (a clone is renumbered)', () => {
    const clone = {
      ...aBuild({ 'openshift.io/build-config.name': 'app', 'openshift.io/build.number': '12' }),
    };
    clone.metadata.name = 'app-12';
    clone.metadata.annotations!['openshift.io/build.clone-of'] = 'app-3';
    expect(previousBuildName(clone)).toBe('app-11');
  });

  it('falls back to status.config for the config name', () => {
    expect(previousBuildName(aBuild({ 'openshift.io/build.number': '2' }, 'web'))).toBe('web-1');
  });

  it('refuses (400) for the first build of a config', () => {
    const error = thrown(() =>
      previousBuildName(
        aBuild({ 'openshift.io/build-config.name': 'app', 'openshift.io/build.number': '1' }),
      ),
    );
    expect(error).toMatchObject({ code: 400 });
    expect((error as Error).message).toBe(
      'build "this-one" has no previous build: it is the first build of BuildConfig "app"',
    );
  });

  it('refuses (400) for a build without a number', () => {
    const error = thrown(() => previousBuildName(aBuild({}, 'app')));
    expect(error).toMatchObject({ code: 400 });
    expect((error as Error).message).toMatch(/has no previous build: it was not numbered/);
  });
});
