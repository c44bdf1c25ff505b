import { pullCandidates, withoutCredentials, type NamedPullSecret } from './pull-credentials.js';

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

const configJson = (name: string, auths: Record<string, unknown>): NamedPullSecret => ({
  name,
  secret: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64({ auths }) } },
});

describe('pullCandidates', () => {
  it('answers the matching credentials of every Secret, in Secret name order', () => {
    const secrets = [
      configJson('zeta', { 'registry.example.com': { auth: b64('z:zpw') } }),
      configJson('alpha', { 'https://registry.example.com/v1/': { auth: b64('a:apw') } }),
      configJson('other', { 'quay.io': { auth: b64('q:qpw') } }),
    ];

    expect(pullCandidates(secrets, 'registry.example.com')).toEqual([
      { secret: 'alpha', credentials: { username: 'a', password: 'apw' } },
      { secret: 'zeta', credentials: { username: 'z', password: 'zpw' } },
    ]);
  });

  it('reads the legacy .dockercfg form', () => {
    const legacy: NamedPullSecret = {
      name: 'old',
      secret: {
        type: 'kubernetes.io/dockercfg',
        data: { '.dockercfg': b64({ 'quay.io': { auth: b64('q:qpw') } }) },
      },
    };

    expect(pullCandidates([legacy], 'quay.io')).toEqual([
      { secret: 'old', credentials: { username: 'q', password: 'qpw' } },
    ]);
  });

  it('tries the same credentials once, and passes over a Secret it cannot read', () => {
    const secrets = [
      configJson('a', { 'quay.io': { auth: b64('q:qpw') } }),
      configJson('b', { 'quay.io': { username: 'q', password: 'qpw' } }),
      { name: 'broken', secret: { type: 'kubernetes.io/dockercfg', data: { '.dockercfg': '!' } } },
    ];

    expect(pullCandidates(secrets, 'quay.io')).toEqual([
      { secret: 'a', credentials: { username: 'q', password: 'qpw' } },
    ]);
  });

  it('answers nothing when no Secret names the registry', () => {
    expect(
      pullCandidates([configJson('a', { 'quay.io': { auth: b64('q:p') } })], 'ghcr.io'),
    ).toEqual([]);
  });
});

describe('withoutCredentials', () => {
  it('masks the password, the token and the header form of user:password', () => {
    const header = b64('user:s3cret');

    expect(
      withoutCredentials(`bad s3cret in ${header}`, { username: 'user', password: 's3cret' }),
    ).toBe('bad *** in ***');
    expect(withoutCredentials('token tok123 refused', { token: 'tok123' })).toBe(
      'token *** refused',
    );
    expect(withoutCredentials('nothing to hide')).toBe('nothing to hide');
  });
});
