import { ApiError } from './api-error.js';
import {
  jsonPatch,
  mergePatch,
  parsePointer,
  PatchError,
  withoutDirectives,
  type Json,
} from './patch.js';
import { applyPatch, PATCH_TYPES } from './patch-request.js';
import { thrown } from '@kiln/testing';

describe('patches', () => {
  describe(mergePatch.name, () => {
    // The examples of RFC 7386, appendix A.
    it.each<[Json, Json, Json]>([
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ])('%j patched with %j is %j', (target, patch, expected) => {
      expect(mergePatch(target, patch)).toEqual(expected);
    });

    it('leaves the target untouched', () => {
      const target = { a: { b: 1 } };
      mergePatch(target, { a: { b: 2 } });
      expect(target).toEqual({ a: { b: 1 } });
    });
  });

  describe(withoutDirectives.name, () => {
    it('drops strategic merge directives at any depth', () => {
      expect(
        withoutDirectives({
          $patch: 'replace',
          spec: { env: [{ name: 'A', $patch: 'delete' }], '$setElementOrder/env': [{ name: 'A' }] },
        }),
      ).toEqual({ spec: { env: [{ name: 'A' }] } });
    });
  });

  describe(jsonPatch.name, () => {
    const doc: Json = { a: { b: [1, 2, 3] }, c: 'x', 'd/e': { '~f': 1 } };

    it('applies add, remove, replace, move, copy and test in order', () => {
      expect(
        jsonPatch(doc, [
          { op: 'test', path: '/c', value: 'x' },
          { op: 'add', path: '/a/b/1', value: 9 },
          { op: 'add', path: '/a/b/-', value: 4 },
          { op: 'remove', path: '/a/b/0' },
          { op: 'replace', path: '/c', value: 'y' },
          { op: 'move', from: '/d~1e/~0f', path: '/g' },
          { op: 'copy', from: '/a/b', path: '/h' },
        ]),
      ).toEqual({ a: { b: [9, 2, 3, 4] }, c: 'y', 'd/e': {}, g: 1, h: [9, 2, 3, 4] });
    });

    it('replaces the whole document at the root pointer', () => {
      expect(jsonPatch(doc, [{ op: 'replace', path: '', value: { z: 1 } }])).toEqual({ z: 1 });
    });

    it('is all or nothing: a failed test leaves the target as it was', () => {
      const target = { a: 1 };
      expect(() =>
        jsonPatch(target, [
          { op: 'replace', path: '/a', value: 2 },
          { op: 'test', path: '/a', value: 3 },
        ]),
      ).toThrow(new PatchError('failed', 'test failed: the value at /a is not as expected'));
      expect(target).toEqual({ a: 1 });
    });

    it('compares test values deeply, regardless of key order', () => {
      expect(() =>
        jsonPatch({ a: { x: 1, y: [1, { z: 2 }] } }, [
          { op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } },
        ]),
      ).not.toThrow();
    });

    it.each([
      [{ op: 'remove', path: '/missing' }, 'failed'],
      [{ op: 'replace', path: '/missing', value: 1 }, 'failed'],
      [{ op: 'add', path: '/a/b/9', value: 1 }, 'failed'],
      [{ op: 'add', path: '/no/parent', value: 1 }, 'failed'],
      [{ op: 'move', from: '/a', path: '/a/b/x' }, 'failed'],
      [{ op: 'add', path: '/x' }, 'malformed'],
      [{ op: 'copy', path: '/x' }, 'malformed'],
      [{ op: 'frobnicate', path: '/x' }, 'malformed'],
      [{ path: '/x' }, 'malformed'],
    ])('reports %j as %s', (operation, kind) => {
      expect(thrown(() => jsonPatch(doc, [operation]))).toMatchObject({ kind });
    });

    it('needs an array of operations', () => {
      expect(thrown(() => jsonPatch(doc, { op: 'add' }))).toMatchObject({ kind: 'malformed' });
    });
  });

  describe(parsePointer.name, () => {
    it('unescapes ~1 before ~0, as RFC 6901 says', () => {
      expect(parsePointer('/a~01/b~1c')).toEqual(['a~1', 'b/c']);
    });
  });

  describe(applyPatch.name, () => {
    const current = { metadata: { name: 'x', labels: { a: '1' } } };

    it('answers 415 to a type that is not a patch type', () => {
      expect(thrown(() => applyPatch('application/json', current, {}))).toMatchObject({
        reason: 'UnsupportedMediaType',
        code: 415,
      });
    });

    it('reads the type without its parameters', () => {
      expect(
        applyPatch(`${PATCH_TYPES.merge}; charset=utf-8`, current, {
          metadata: { labels: { b: '2' } },
        }),
      ).toEqual({ metadata: { name: 'x', labels: { a: '1', b: '2' } } });
    });

    it('answers 422 to a failed test and 400 to a malformed patch', () => {
      const failed = () =>
        applyPatch(PATCH_TYPES.json, current, [{ op: 'test', path: '/metadata/name', value: 'y' }]);
      expect(thrown(failed)).toMatchObject({ code: 422 });
      expect(thrown(() => applyPatch(PATCH_TYPES.json, current, {}))).toMatchObject({ code: 400 });
    });

    it('refuses an empty body and a patch that leaves no object', () => {
      expect(() => applyPatch(PATCH_TYPES.merge, current, undefined)).toThrow(ApiError);
      expect(thrown(() => applyPatch(PATCH_TYPES.merge, current, [1]))).toMatchObject({
        code: 422,
      });
    });
  });
});
