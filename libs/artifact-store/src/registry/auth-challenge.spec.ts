import { parseChallenge } from './auth-challenge.js';
import { backoffDelay, defaultRetryPolicy, parseRetryAfter } from './retry-policy.js';
import { redact } from './registry-error.js';

describe(parseChallenge.name, () => {
  it('reads a Bearer challenge with quoted parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:a/b:pull,push',
      },
    });
  });

  it('reads a Basic challenge and returns null for no header', () => {
    expect(parseChallenge('Basic realm="kiln"')).toEqual({
      scheme: 'basic',
      params: { realm: 'kiln' },
    });
    expect(parseChallenge(undefined)).toBeNull();
  });
});

describe(parseRetryAfter.name, () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe(backoffDelay.name, () => {
  it('doubles up to the maximum', () => {
    const half = () => 1;
    expect(backoffDelay(defaultRetryPolicy, 0, half)).toBe(100);
    expect(backoffDelay(defaultRetryPolicy, 3, half)).toBe(800);
    expect(backoffDelay(defaultRetryPolicy, 10, half)).toBe(2000);
  });
});

describe(redact.name, () => {
  it('masks every secret', () => {
    expect(redact('user:hunter22 then hunter22', ['hunter22'])).toBe('user:*** then ***');
  });
});
