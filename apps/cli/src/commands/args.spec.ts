import { UsageError } from '../errors.js';
import { parseEnvVars, parseKeyValue, parseParams } from './args.js';

describe('parseKeyValue', () => {
  it('splits at the first =', () => {
    expect(parseKeyValue('URL=http://x/?a=b', '-e')).toEqual({
      name: 'URL',
      value: 'http://x/?a=b',
    });
    expect(parseKeyValue('EMPTY=', '-e')).toEqual({ name: 'EMPTY', value: '' });
  });

  it('refuses a missing name or =', () => {
    expect(() => parseKeyValue('NOVALUE', '-e')).toThrow(UsageError);
    expect(() => parseKeyValue('=x', '--build-arg')).toThrow(
      '--build-arg "=x": expected NAME=VALUE',
    );
  });
});

describe('parseEnvVars', () => {
  it('keeps the last value of a repeated name', () => {
    expect(parseEnvVars(['A=1', 'B=2', 'A=3'], '-e')).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '3' },
    ]);
  });
});

describe('parseParams', () => {
  it('builds the template parameter map', () => {
    expect(parseParams(['NAME=web', 'REF=main'])).toEqual({ NAME: 'web', REF: 'main' });
    expect(parseParams(undefined)).toEqual({});
  });
});
