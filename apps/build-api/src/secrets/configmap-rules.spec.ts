import type { ConfigMap } from '@kiln/build-types';
import { configMapContentErrors, configMapUpdateErrors } from './configmap-rules.js';

const aConfigMap = (fields: Partial<ConfigMap> = {}): ConfigMap => ({
  metadata: { name: 'settings' },
  ...fields,
});

describe('configmap rules', () => {
  describe(configMapContentErrors.name, () => {
    it('accepts text data and base64 binaryData', () => {
      const cm = aConfigMap({ data: { 'app.conf': 'x=1\n' }, binaryData: { logo: 'iVBORw==' } });
      expect(configMapContentErrors(cm)).toEqual([]);
    });

    it('names the binaryData key that is not base64', () => {
      const errors = configMapContentErrors(aConfigMap({ binaryData: { logo: 'not base64!' } }));
      expect(errors.map((e) => e.field)).toEqual(['binaryData[logo]']);
    });

    it('refuses more than 1 MiB in all', () => {
      const cm = aConfigMap({
        data: { a: 'x'.repeat(1024 * 1024) },
        binaryData: { b: Buffer.from('y').toString('base64') },
      });
      expect(configMapContentErrors(cm)).toEqual([
        { field: 'data', message: 'Too long: must have at most 1048576 bytes' },
      ]);
    });
  });

  describe(configMapUpdateErrors.name, () => {
    it('allows any change while mutable', () => {
      expect(configMapUpdateErrors(aConfigMap(), aConfigMap({ data: { a: 'b' } }))).toEqual([]);
    });

    it('refuses changed binaryData of an immutable ConfigMap', () => {
      const current = aConfigMap({ immutable: true, binaryData: { b: 'eA==' } });
      const next = aConfigMap({ immutable: true, binaryData: { b: 'eQ==' } });
      expect(configMapUpdateErrors(current, next).map((e) => e.field)).toEqual(['binaryData']);
    });
  });
});
