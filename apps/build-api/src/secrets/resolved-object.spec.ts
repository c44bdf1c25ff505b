import { resolvedConfigMap, resolvedSecret } from './resolved-object.js';

describe('resolved objects', () => {
  describe(resolvedConfigMap.name, () => {
    it('encodes text values to base64 and keeps binaryData as it is', () => {
      const resolved = resolvedConfigMap({
        metadata: { name: 'settings' },
        data: { 'app.conf': 'name=kiln\n' },
        binaryData: { logo: 'iVBORw==' },
      });
      expect(resolved).toEqual({
        kind: 'ConfigMap',
        name: 'settings',
        data: { 'app.conf': Buffer.from('name=kiln\n').toString('base64'), logo: 'iVBORw==' },
      });
    });
  });

  describe(resolvedSecret.name, () => {
    it('keeps the type and the base64 values', () => {
      const resolved = resolvedSecret({
        metadata: { name: 'git' },
        type: 'kubernetes.io/basic-auth',
        data: { username: 'a2lsbg==' },
      });
      expect(resolved).toEqual({
        kind: 'Secret',
        name: 'git',
        type: 'kubernetes.io/basic-auth',
        data: { username: 'a2lsbg==' },
      });
    });
  });
});
