import { UsageError } from '../errors.js';
import {
  collectionPath,
  objectPath,
  qualifiedKind,
  resolveResourceType,
  Resources,
  resourceTypeForKind,
  splitTypedName,
} from './resources.js';

describe('resolveResourceType', () => {
  it.each([
    ['bc', Resources.buildConfigs],
    ['BuildConfigs', Resources.buildConfigs],
    ['buildconfigs.build.openshift.io', Resources.buildConfigs],
    ['build', Resources.builds],
    ['build.build.openshift.io', Resources.builds],
    ['cm', Resources.configMaps],
    ['secrets', Resources.secrets],
    ['projects', Resources.namespaces],
  ])('knows %s', (word, type) => {
    expect(resolveResourceType(word)).toBe(type);
  });

  it('refuses unknown words and types the verb does not take', () => {
    expect(() => resolveResourceType('pods')).toThrow(UsageError);
    expect(() => resolveResourceType('ns', [Resources.builds])).toThrow('use one of: build');
  });
});

describe('paths', () => {
  it('put build kinds under their group and core kinds under /api/v1', () => {
    expect(collectionPath(Resources.buildConfigs, 'demo')).toBe(
      '/apis/build.openshift.io/v1/namespaces/demo/buildconfigs',
    );
    expect(objectPath(Resources.secrets, 'demo', 'a b')).toBe(
      '/api/v1/namespaces/demo/secrets/a%20b',
    );
    expect(objectPath(Resources.namespaces, 'ignored', 'team')).toBe('/api/v1/namespaces/team');
  });
});

describe('resourceTypeForKind', () => {
  it('matches kind and group, accepting legacy v1 BuildConfigs', () => {
    expect(resourceTypeForKind('BuildConfig', 'build.openshift.io/v1')).toBe(
      Resources.buildConfigs,
    );
    expect(resourceTypeForKind('BuildConfig', 'v1')).toBe(Resources.buildConfigs);
    expect(resourceTypeForKind('Secret', 'v1')).toBe(Resources.secrets);
    expect(resourceTypeForKind('Secret', 'example.com/v1')).toBeUndefined();
    expect(resourceTypeForKind('ImageStream', 'image.openshift.io/v1')).toBe(
      Resources.imageStreams,
    );
    expect(resourceTypeForKind('DeploymentConfig', 'apps.openshift.io/v1')).toBeUndefined();
  });
});

describe('qualifiedKind and splitTypedName', () => {
  it('name things as kubectl prints them', () => {
    expect(qualifiedKind(Resources.builds)).toBe('build.build.openshift.io');
    expect(qualifiedKind(Resources.configMaps)).toBe('configmap');
    expect(splitTypedName('bc/x')).toEqual({ type: 'bc', name: 'x' });
    expect(splitTypedName('x')).toEqual({ name: 'x' });
  });
});
