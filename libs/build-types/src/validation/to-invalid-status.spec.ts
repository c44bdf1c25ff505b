import { toInvalidStatus } from './to-invalid-status.js';

describe(toInvalidStatus.name, () => {
  it('builds a 422 Status with one typed cause per field error', () => {
    const errors = [
      { field: 'metadata.name', message: 'Required value' },
      { field: 'spec.runPolicy', message: 'Unsupported value: "X": supported values: "Serial"' },
    ];

    const status = toInvalidStatus('BuildConfig', 'app', errors);

    expect([status.code, status.reason, status.details?.causes?.map((c) => c.reason)]).toEqual([
      422,
      'Invalid',
      ['FieldValueRequired', 'FieldValueNotSupported'],
    ]);
  });
});
