import type { Secret } from '@kiln/build-types';
import { dataBytes, secretUpdateErrors, splitSecret } from './secret-rules.js';

const aSecret = (fields: Partial<Secret> = {}): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'a' },
  ...fields,
});

describe('secret rules', () => {
  describe(splitSecret.name, () => {
    it('merges stringData over data as base64 and drops it', () => {
      const split = splitSecret(
        aSecret({ data: { user: 'b2xk', keep: 'eA==' }, stringData: { user: 'new' } }),
      );
      expect(split.data).toEqual({ user: Buffer.from('new').toString('base64'), keep: 'eA==' });
      expect(split.object).not.toHaveProperty('stringData');
      expect(split.object).not.toHaveProperty('data');
    });

    it('defaults the type to Opaque', () => {
      expect(splitSecret(aSecret()).object.type).toBe('Opaque');
      expect(splitSecret(aSecret({ type: 'kubernetes.io/basic-auth' })).object.type).toBe(
        'kubernetes.io/basic-auth',
      );
    });
  });

  describe(dataBytes.name, () => {
    it('counts decoded bytes', () => {
      expect(dataBytes({ a: Buffer.alloc(1000).toString('base64'), b: 'eA==' })).toBe(1001);
    });
  });

  describe(secretUpdateErrors.name, () => {
    it('refuses a change of type', () => {
      const current = splitSecret(aSecret());
      const next = splitSecret(aSecret({ type: 'kubernetes.io/basic-auth' }));
      expect(secretUpdateErrors(current, next).map((e) => e.field)).toEqual(['type']);
    });

    it('refuses new data and mutability once immutable, without echoing values', () => {
      const current = splitSecret(aSecret({ immutable: true, data: { a: 'eA==' } }));
      const next = splitSecret(aSecret({ data: { a: 'eQ==' } }));
      const errors = secretUpdateErrors(current, next);
      expect(errors.map((e) => e.field)).toEqual(['data', 'immutable']);
      expect(JSON.stringify(errors)).not.toContain('eQ==');
    });

    it('accepts a metadata-only change of an immutable Secret', () => {
      const current = splitSecret(aSecret({ immutable: true, data: { a: 'eA==' } }));
      const next = splitSecret(
        aSecret({
          immutable: true,
          data: { a: 'eA==' },
          metadata: { name: 'creds', labels: { x: 'y' } },
        }),
      );
      expect(secretUpdateErrors(current, next)).toEqual([]);
    });
  });
});
