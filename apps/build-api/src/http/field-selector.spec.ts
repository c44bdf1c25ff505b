import { ApiError } from './api-error.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';

const builds = {
  fields: ['metadata.name', 'metadata.namespace', 'status.phase'],
  aliases: { status: 'status.phase' },
};

describe('field selectors', () => {
  describe(parseFieldSelector.name, () => {
    it('reads =, == and != terms, and old spellings', () => {
      expect(
        parseFieldSelector('status.phase!=Complete,metadata.name==a-1,status=New', builds),
      ).toEqual([
        { field: 'status.phase', operator: '!=', value: 'Complete' },
        { field: 'metadata.name', operator: '=', value: 'a-1' },
        { field: 'status.phase', operator: '=', value: 'New' },
      ]);
    });

    it('unescapes values', () => {
      expect(parseFieldSelector('metadata.name=a\\,b', builds)).toEqual([
        { field: 'metadata.name', operator: '=', value: 'a,b' },
      ]);
    });

    it('refuses a field the kind does not support, as Kubernetes does', () => {
      expect(() => parseFieldSelector('spec.output=x', builds)).toThrow(
        'field label not supported: spec.output',
      );
    });

    it('refuses a term without an operator', () => {
      expect(() => parseFieldSelector('status.phase', builds)).toThrow(ApiError);
    });
  });

  describe(matchesFields.name, () => {
    const build = { metadata: { name: 'a-1', namespace: 'ns' }, status: { phase: 'Running' } };
    it('compares the values at the field paths', () => {
      expect(matchesFields(parseFieldSelector('status.phase=Running', builds), build)).toBe(true);
      expect(matchesFields(parseFieldSelector('status.phase!=Running', builds), build)).toBe(false);
      expect(
        matchesFields(
          parseFieldSelector('metadata.name=a-1,metadata.namespace=other', builds),
          build,
        ),
      ).toBe(false);
    });

    it('reads a missing field as empty', () => {
      expect(matchesFields(parseFieldSelector('status.phase=', builds), {})).toBe(true);
    });
  });
});
