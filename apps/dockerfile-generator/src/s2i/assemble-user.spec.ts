import { resolveAssembleUser } from './assemble-user.js';

const LABEL = 'io.openshift.s2i.assemble-user';

describe(resolveAssembleUser.name, () => {
  it.each([
    [{}, undefined, '1001'],
    [{}, '1002', '1002'],
    [{}, '1002:1002', '1002'],
    [{ [LABEL]: '1003' }, undefined, '1003'],
    [{ [LABEL]: '1003:1003' }, undefined, '1003'],
    [{ [LABEL]: '1003' }, '1002', '1003'],
    [{ [LABEL]: ' 1003:1003 ' }, '1002:1002', '1003'],
    [{ [LABEL]: '' }, 'default', 'default'],
  ] as [Record<string, string>, string | undefined, string][])(
    'picks %j / user %s as %s when root is allowed (upstream TestGetAssembleUser)',
    (labels, user, expected) => {
      expect(resolveAssembleUser(labels, user, { allowRoot: true })).toEqual({
        ok: true,
        user: expected,
      });
    },
  );

  it.each(['root', '0', 'default', '0:0'])(
    'refuses %s with AssembleUserForbidden when root is forbidden',
    (user) => {
      expect(resolveAssembleUser({}, user, { allowRoot: false })).toMatchObject({
        ok: false,
        reason: 'AssembleUserForbidden',
      });
    },
  );

  it('accepts a numeric non-root user when root is forbidden', () => {
    expect(resolveAssembleUser({ [LABEL]: '1001' }, 'root', { allowRoot: false })).toEqual({
      ok: true,
      user: '1001',
    });
  });
});
