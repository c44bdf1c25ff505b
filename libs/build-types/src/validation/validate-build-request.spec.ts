import { validateBuildRequest } from './validate-build-request.js';

describe(validateBuildRequest.name, () => {
  it('accepts a request with env and build arg overrides', () => {
    const request = {
      kind: 'BuildRequest',
      metadata: { name: 'app' },
      env: [{ name: 'DEBUG', value: '1' }],
      dockerStrategyOptions: { buildArgs: [{ name: 'VERSION', value: '2' }], noCache: true },
    };

    expect(validateBuildRequest(request)).toEqual({ ok: true, value: request });
  });

  it('reports the name, env and asFile problems together', () => {
    const request = {
      metadata: { name: 'a/b' },
      env: [{ name: '9X' }],
      binary: { asFile: '../x' },
    };

    const result = validateBuildRequest(request);

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'metadata.name',
      'env[0].name',
      'binary.asFile',
    ]);
  });
});
