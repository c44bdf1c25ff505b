import { fixtureFiles, fixtureParams, readFixture } from '../test/fixtures.js';
import {
  applyBuildConfigDefaults,
  buildConfigSchema,
  parseDocuments,
  validateBuildConfig,
  validateSecret,
  type KubeObject,
} from './index.js';

const objectsOf = (file: string): KubeObject[] => {
  const result = parseDocuments(readFixture(file), { params: fixtureParams });
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.objects;
};

const buildConfigsOf = (file: string): KubeObject[] =>
  objectsOf(file).filter((o) => o.kind === 'BuildConfig');

describe('real BuildConfig fixtures', () => {
  const files = fixtureFiles();

  it('finds the fixture files', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  describe.each(files)('%s', (file) => {
    it('parses into at least one BuildConfig with no parameter left unresolved', () => {
      const configs = buildConfigsOf(file);

      expect(configs.length).toBeGreaterThan(0);
      expect(JSON.stringify(configs)).not.toMatch(/\$\{[A-Z_]+\}/);
    });

    it('validates every BuildConfig', () => {
      const results = buildConfigsOf(file).map((bc) => validateBuildConfig(bc));

      expect(results.filter((r) => !r.ok)).toEqual([]);
    });

    it('round-trips every BuildConfig byte-equivalent in JSON', () => {
      for (const bc of buildConfigsOf(file)) {
        const original = JSON.stringify(bc);

        const result = validateBuildConfig(JSON.parse(original));

        expect(result.ok && JSON.stringify(result.value)).toBe(original);
      }
    });

    it('keeps every field, unknown ones included, through the schema', () => {
      for (const bc of buildConfigsOf(file)) {
        const parsed = buildConfigSchema.parse(structuredClone(bc));

        expect(parsed).toEqual(bc);
      }
    });

    it('defaults every BuildConfig into one that still validates', () => {
      for (const bc of buildConfigsOf(file)) {
        const result = validateBuildConfig(bc);
        if (!result.ok) {
          throw new Error(JSON.stringify(result.errors));
        }

        const defaulted = applyBuildConfigDefaults(result.value);

        expect(validateBuildConfig(defaulted).ok).toBe(true);
        expect(defaulted.spec.runPolicy).toBeDefined();
        expect(defaulted.spec.strategy.type).toBeDefined();
        expect(defaulted.spec.source?.type).toBeDefined();
      }
    });

    it('validates every Secret it contains', () => {
      const secrets = objectsOf(file).filter((o) => o.kind === 'Secret');

      expect(secrets.map((s) => validateSecret(s).ok)).not.toContain(false);
    });
  });
});
