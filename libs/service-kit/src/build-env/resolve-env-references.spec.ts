import { resolveEnvReferences } from './resolve-env-references.js';

describe(resolveEnvReferences.name, () => {
  it('expands earlier variables only, keeps escapes and unresolvable references literal', () => {
    const vars = [
      { name: 'A', value: 'a' },
      { name: 'B', value: '$(A)-$(C)' },
      { name: 'C', value: 'c' },
      { name: 'D', value: '$$(A) $(SOME_OTHER_ENV) $$ $x $(A' },
      { name: 'E', value: '$(B)$(D)$' },
    ];
    expect(resolveEnvReferences(vars)).toEqual([
      { name: 'A', value: 'a' },
      { name: 'B', value: 'a-$(C)' },
      { name: 'C', value: 'c' },
      { name: 'D', value: '$(A) $(SOME_OTHER_ENV) $ $x $(A' },
      { name: 'E', value: 'a-$(C)$(A) $(SOME_OTHER_ENV) $ $x $(A$' },
    ]);
  });

  it('uses the latest definition when a name is repeated', () => {
    const vars = [
      { name: 'P', value: '/bin' },
      { name: 'P', value: '$(P):/usr/bin' },
      { name: 'Q', value: '$(P)' },
    ];
    expect(resolveEnvReferences(vars).map((v) => v.value)).toEqual([
      '/bin',
      '/bin:/usr/bin',
      '/bin:/usr/bin',
    ]);
  });
});
