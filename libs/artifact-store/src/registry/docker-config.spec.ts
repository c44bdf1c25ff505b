import { credentialsForRegistry } from './docker-config.js';

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

describe('credentialsForRegistry', () => {
  const configJson = {
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': b64({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:hubpw') },
          'registry.example.com:5000': { username: 'u', password: 'p:with:colons' },
          'http://127.0.0.1:5001/v2/': { auth: b64('local:pw:x') },
        },
      }),
    },
  };

  it('matches a host regardless of scheme and path', () => {
    expect(credentialsForRegistry(configJson, '127.0.0.1:5001')).toEqual({
      username: 'local',
      password: 'pw:x',
    });
  });

  it('treats Docker Hub names as one', () => {
    expect(credentialsForRegistry(configJson, 'docker.io')).toEqual({
      username: 'hub',
      password: 'hubpw',
    });
  });

  it('uses username and password fields', () => {
    expect(credentialsForRegistry(configJson, 'registry.example.com:5000')).toEqual({
      username: 'u',
      password: 'p:with:colons',
    });
  });

  it('reads the legacy .dockercfg form', () => {
    const legacy = {
      type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': b64({ 'quay.io': { auth: b64('q:qpw') } }) },
    };
    expect(credentialsForRegistry(legacy, 'quay.io')).toEqual({ username: 'q', password: 'qpw' });
  });

  it('returns undefined for a registry it has nothing for', () => {
    expect(credentialsForRegistry(configJson, 'ghcr.io')).toBeUndefined();
  });
});
