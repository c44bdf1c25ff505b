import { ApiError } from './api-error.js';
import { equalityLabels, matchesLabels, parseLabelRequirements } from './label-selector.js';

describe('label selectors', () => {
  describe(parseLabelRequirements.name, () => {
    it('reads every operator kubectl sends', () => {
      expect(
        parseLabelRequirements('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,example.com/h=v_1'),
      ).toEqual([
        { key: 'a', operator: 'in', values: ['1'] },
        { key: 'b', operator: 'in', values: ['2'] },
        { key: 'c', operator: 'notin', values: ['3'] },
        { key: 'd', operator: 'in', values: ['x', 'y'] },
        { key: 'e', operator: 'notin', values: ['z'] },
        { key: 'f', operator: 'exists' },
        { key: 'g', operator: '!exists' },
        { key: 'example.com/h', operator: 'in', values: ['v_1'] },
      ]);
    });

    it('reads an empty selector as no requirement', () => {
      expect(parseLabelRequirements(undefined)).toEqual([]);
      expect(parseLabelRequirements('  ')).toEqual([]);
    });

    it('accepts an empty value (the label is set to "")', () => {
      expect(parseLabelRequirements('a=')).toEqual([{ key: 'a', operator: 'in', values: [''] }]);
    });

    it.each(['a in (x', 'a ~ b', 'a=b,', '!a=b', 'a=b c', '-bad=x', 'a=(x)'])(
      'refuses "%s" with a 400',
      (selector) => {
        expect(() => parseLabelRequirements(selector)).toThrow(ApiError);
      },
    );
  });

  describe(matchesLabels.name, () => {
    const labels = { app: 'web', tier: 'front' };
    it.each([
      ['app=web', true],
      ['app!=web', false],
      ['app!=api', true],
      ['missing!=x', true],
      ['app in (api, web)', true],
      ['app notin (api, web)', false],
      ['missing notin (x)', true],
      ['tier', true],
      ['!tier', false],
      ['!missing', true],
      ['app=web,tier=back', false],
    ])('%s → %s', (selector, expected) => {
      expect(matchesLabels(parseLabelRequirements(selector), labels)).toBe(expected);
    });

    it('treats no labels as an empty set', () => {
      expect(matchesLabels(parseLabelRequirements('!a,b!=c'), null)).toBe(true);
      expect(matchesLabels(parseLabelRequirements('a'), undefined)).toBe(false);
    });
  });

  describe(equalityLabels.name, () => {
    it('keeps only single-value equality terms, for SQL', () => {
      expect(equalityLabels(parseLabelRequirements('a=1,b in (2),c in (3,4),d!=5,e'))).toEqual({
        a: '1',
        b: '2',
      });
    });
  });
});
