import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { generateAsyncApi } from './generate-asyncapi.js';

/**
 * The document against the JSON Schema of AsyncAPI 3.0.0 itself. That schema bundles the
 * draft-07 meta-schema under its own id, so Ajv's copy is left out (`meta: false`).
 */
describe('AsyncAPI 3.0.0 schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, meta: false, validateSchema: false });
  formats.default(ajv);
  const validate = ajv.compile(specs.schemas['3.0.0']);

  it('accepts the generated document', () => {
    validate(generateAsyncApi());
    expect(validate.errors ?? []).toEqual([]);
  });

  it('rejects a document that breaks it, so the check above means something', () => {
    const broken = { ...generateAsyncApi(), operations: { x: { action: 'publish' } } };
    expect(validate(broken)).toBe(false);
  });
});
