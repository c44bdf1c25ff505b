import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadClientConfig, saveClientConfig } from './client-config.js';
import { writeConfig } from './testing/run-kiln.js';
import { tempDir } from './testing/temp-dirs.js';

describe('loadClientConfig', () => {
  const file = () =>
    writeConfig({ server: 'http://file:1', token: 'file-token', namespace: 'file-ns' });

  it('prefers flags over env over the file', () => {
    const env = { KILN_SERVER: 'http://env:1', KILN_TOKEN: 'env-token', KILN_NAMESPACE: 'env-ns' };
    expect(loadClientConfig({}, { file: file(), env: {} })).toEqual({
      server: 'http://file:1',
      token: 'file-token',
      namespace: 'file-ns',
    });
    expect(loadClientConfig({}, { file: file(), env })).toEqual({
      server: 'http://env:1',
      token: 'env-token',
      namespace: 'env-ns',
    });
    expect(
      loadClientConfig({ server: 'http://flag:1', namespace: 'flag-ns' }, { file: file(), env }),
    ).toEqual({
      server: 'http://flag:1',
      token: 'env-token',
      namespace: 'flag-ns',
    });
  });

  it('falls back to the local farm and the default namespace without a file', () => {
    expect(loadClientConfig({}, { file: join(tempDir(), 'missing.yaml'), env: {} })).toEqual({
      server: 'http://127.0.0.1:8080',
      token: undefined,
      namespace: 'default',
    });
  });
});

describe('saveClientConfig', () => {
  it('creates the directory and merges into what is there', () => {
    const file = join(tempDir(), 'nested', 'config.yaml');
    saveClientConfig(file, { server: 'http://a:1', token: 't' });
    saveClientConfig(file, { namespace: 'ns' });

    expect(parse(readFileSync(file, 'utf8'))).toEqual({
      server: 'http://a:1',
      token: 't',
      namespace: 'ns',
    });
  });
});
