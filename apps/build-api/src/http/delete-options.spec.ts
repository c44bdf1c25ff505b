import { checkPreconditions, parseDeleteOptions } from './delete-options.js';
import { thrown } from '@kiln/testing';

describe('delete options', () => {
  describe(parseDeleteOptions.name, () => {
    it('deletes dependents unless told to orphan them', () => {
      expect(parseDeleteOptions({}, undefined).orphan).toBe(false);
      expect(parseDeleteOptions({ propagationPolicy: 'Background' }, undefined).orphan).toBe(false);
    });

    it('orphans from the query, a DeleteOptions body, or orphanDependents', () => {
      expect(parseDeleteOptions({ propagationPolicy: 'Orphan' }, undefined).orphan).toBe(true);
      expect(
        parseDeleteOptions({}, { kind: 'DeleteOptions', propagationPolicy: 'Orphan' }).orphan,
      ).toBe(true);
      expect(parseDeleteOptions({}, { orphanDependents: true }).orphan).toBe(true);
      expect(parseDeleteOptions({ orphanDependents: 'true' }, undefined).orphan).toBe(true);
    });

    it('reads preconditions', () => {
      expect(
        parseDeleteOptions({}, { preconditions: { uid: 'u', resourceVersion: '5' } }).preconditions,
      ).toEqual({ uid: 'u', resourceVersion: '5' });
    });

    it('refuses an unknown policy, both spellings at once, and dry runs', () => {
      expect(
        thrown(() => parseDeleteOptions({ propagationPolicy: 'Later' }, undefined)),
      ).toMatchObject({ code: 422 });
      expect(
        thrown(() =>
          parseDeleteOptions({}, { propagationPolicy: 'Orphan', orphanDependents: true }),
        ),
      ).toMatchObject({ code: 422 });
      expect(thrown(() => parseDeleteOptions({ dryRun: 'All' }, undefined))).toMatchObject({
        code: 400,
      });
    });
  });

  describe(checkPreconditions.name, () => {
    const actual = { uid: 'u1', resourceVersion: '9' };
    it('passes when they hold or are absent', () => {
      expect(() => checkPreconditions('Build', 'b', {}, actual)).not.toThrow();
      expect(() =>
        checkPreconditions('Build', 'b', { uid: 'u1', resourceVersion: '9' }, actual),
      ).not.toThrow();
    });

    it('answers 409 when the object is not the one meant', () => {
      expect(thrown(() => checkPreconditions('Build', 'b', { uid: 'u2' }, actual))).toMatchObject({
        code: 409,
      });
      expect(
        thrown(() => checkPreconditions('Build', 'b', { resourceVersion: '8' }, actual)),
      ).toMatchObject({ code: 409 });
    });
  });
});
