import { validateSecret } from './validate-secret.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const aSecret = (type: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds' },
  type,
  data,
});

describe(validateSecret.name, () => {
  it.each([
    ['Opaque', { WebHookSecretKey: b64('s') }],
    ['kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{}}') }],
    ['kubernetes.io/dockercfg', { '.dockercfg': b64('{}') }],
    ['kubernetes.io/basic-auth', { username: b64('u'), password: b64('p') }],
    ['kubernetes.io/ssh-auth', { 'ssh-privatekey': b64('KEY') }],
  ])('accepts a well-formed %s secret', (type, data) => {
    expect(validateSecret(aSecret(type, data)).ok).toBe(true);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['kubernetes.io/dockerconfigjson', {}, ['data[.dockerconfigjson]']],
    [
      'kubernetes.io/dockerconfigjson',
      { '.dockerconfigjson': b64('not json') },
      ['data[.dockerconfigjson]'],
    ],
    ['kubernetes.io/ssh-auth', { known_hosts: b64('x') }, ['data[ssh-privatekey]']],
    ['kubernetes.io/basic-auth', {}, ['data[username]']],
    ['Opaque', { 'bad key': b64('x') }, ['data[bad key]']],
    ['Opaque', { token: 'not base64!' }, ['data[token]']],
  ])('rejects a %s secret with data %j', (type, data, fields) => {
    const result = validateSecret(aSecret(type, data));

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(fields);
  });

  it('counts stringData toward the keys a type requires', () => {
    const secret = {
      ...aSecret('kubernetes.io/ssh-auth', {}),
      stringData: { 'ssh-privatekey': 'KEY' },
    };

    expect(validateSecret(secret).ok).toBe(true);
  });

  it('never echoes secret contents in messages', () => {
    const result = validateSecret(aSecret('Opaque', { token: 'hunter2!' }));

    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
