import type { BuildConfig } from '@kiln/build-types';
import { generateBuild } from './generate-build.js';

const config = (source: BuildConfig['spec']['source']): BuildConfig => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name: 'app', namespace: 'a', uid: 'bc' },
  spec: { source, strategy: { type: 'Docker', dockerStrategy: {} } },
});

describe(generateBuild.name, () => {
  describe('for a binary request', () => {
    it('takes the upload instead of git, as OpenShift does', () => {
      const build = generateBuild(
        config({ type: 'Git', git: { uri: 'https://example.com/r.git' }, contextDir: 'sub' }),
        { metadata: { name: 'app' }, binary: {} },
        1,
      );
      expect(build.spec.source).toEqual({ type: 'Binary', binary: {}, contextDir: 'sub' });
    });

    it('drops the inline Dockerfile when the upload is the Dockerfile', () => {
      const build = generateBuild(
        config({ type: 'Binary', binary: {}, dockerfile: 'FROM x' }),
        { metadata: { name: 'app' }, binary: { asFile: 'Dockerfile' } },
        1,
      );
      expect(build.spec.source).toEqual({ type: 'Binary', binary: { asFile: 'Dockerfile' } });
    });

    it('records the revision the upload came from', () => {
      const revision = { type: 'Git', git: { commit: 'abc', message: 'fix' } };
      const build = generateBuild(
        config({ type: 'Binary', binary: {} }),
        { metadata: { name: 'app' }, binary: {}, revision },
        2,
      );
      expect(build.spec.revision).toEqual(revision);
      expect(build.metadata.name).toBe('app-2');
    });
  });
});
