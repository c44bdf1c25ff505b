import { validateConfigMap } from './validate-config-map.js';

describe(validateConfigMap.name, () => {
  it('accepts a well-formed ConfigMap', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'app.conf': 'x=1' } };

    expect(validateConfigMap(cm)).toEqual({ ok: true, value: cm });
  });

  it('rejects a key present in both data and binaryData, and a malformed key', () => {
    const cm = {
      metadata: { name: 'settings' },
      data: { a: '1', 'b c': '2' },
      binaryData: { a: 'AA==' },
    };

    const result = validateConfigMap(cm);

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'data[b c]',
      'binaryData[a]',
    ]);
  });

  it('rejects a ConfigMap without a name', () => {
    const result = validateConfigMap({ metadata: {} });

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['metadata.name']);
  });
});
