import { z } from 'zod';
import { ConfigError, loadConfig, port } from './config.js';

describe(loadConfig.name, () => {
  const schema = z.object({ A_PORT: port(80), B_URL: z.string().url(), C: z.enum(['x', 'y']) });

  it('returns typed values with defaults applied when the env is valid', () => {
    expect(loadConfig(schema, { B_URL: 'http://h', C: 'x' })).toEqual({
      A_PORT: 80,
      B_URL: 'http://h',
      C: 'x',
    });
  });

  it('names every bad key in one error when several are wrong', () => {
    const attempt = () => loadConfig(schema, { A_PORT: '70000', B_URL: 'nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/A_PORT[\s\S]*B_URL[\s\S]*C/);
  });
});
