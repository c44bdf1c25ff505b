import { generateFromExpression } from './generate-expression.js';

describe(generateFromExpression.name, () => {
  it('generates n characters from a [set]{n} expression', () => {
    const value = generateFromExpression('[a-zA-Z0-9]{40}');

    expect(value).toMatch(/^[a-zA-Z0-9]{40}$/);
  });

  it('keeps literal text around the expression', () => {
    expect(generateFromExpression('user[A-Z]{3}', () => 1)).toBe('userBBB');
  });

  it('understands the \\w, \\d and \\a classes', () => {
    expect(generateFromExpression('[\\d]{4}-[\\w]{2}', (max) => max - 1)).toBe('9999-__');
  });
});
