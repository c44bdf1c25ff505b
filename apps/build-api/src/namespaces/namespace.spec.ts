import { checkedNamespace, namespaceNameErrors, namespaceObject } from './namespace.js';

describe('namespace', () => {
  describe(namespaceNameErrors.name, () => {
    it.each(['a', 'team-1', '0abc'])('accepts %s', (name) => {
      expect(namespaceNameErrors(name)).toEqual([]);
    });

    it.each(['Team', 'a.b', '-a', 'a-', 'x'.repeat(64), 'a_b'])('refuses %s', (name) => {
      expect(namespaceNameErrors(name).map((e) => e.field)).toContain('metadata.name');
    });

    it('requires a name', () => {
      expect(namespaceNameErrors(undefined)[0]?.message).toMatch(/^Required value/);
    });
  });

  describe(checkedNamespace.name, () => {
    it('keeps labels and annotations, drops server fields', () => {
      const checked = checkedNamespace({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team', uid: 'x', labels: { tier: 'dev' }, annotations: { a: 'b' } },
      });
      expect(checked).toEqual({
        name: 'team',
        labels: { tier: 'dev' },
        object: { metadata: { annotations: { a: 'b' } } },
      });
    });

    it('answers 422 for an invalid name', () => {
      expect(() => checkedNamespace({ metadata: { name: 'No' } })).toThrow(/is invalid/);
    });
  });

  describe(namespaceObject.name, () => {
    const row = {
      name: 'team',
      uid: 'u-1',
      resource_version: '7',
      created: new Date('2026-01-02T03:04:05Z'),
      labels: { tier: 'dev' },
      object: {},
    };

    it('renders an active namespace with its name label', () => {
      expect(namespaceObject(row)).toMatchObject({
        metadata: {
          name: 'team',
          resourceVersion: '7',
          labels: { tier: 'dev', 'kubernetes.io/metadata.name': 'team' },
        },
        status: { phase: 'Active' },
      });
    });

    it('renders a deleted namespace as Terminating', () => {
      const at = new Date('2026-01-03T00:00:00Z');
      expect(namespaceObject(row, at)).toMatchObject({
        metadata: { deletionTimestamp: '2026-01-03T00:00:00.000Z' },
        status: { phase: 'Terminating' },
      });
    });
  });
});
