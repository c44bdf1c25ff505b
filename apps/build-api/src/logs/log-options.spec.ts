import { parseLogOptions } from './log-options.js';
import { thrown } from '@kiln/testing';

describe(parseLogOptions.name, () => {
  const now = new Date('2025-06-01T10:00:00Z');

  it('reads every option from the query', () => {
    expect(
      parseLogOptions(
        'b',
        {
          follow: 'true',
          timestamps: '1',
          tailLines: '10',
          limitBytes: '100',
          sinceSeconds: '60',
          previous: 'true',
        },
        now,
      ),
    ).toEqual({
      follow: true,
      timestamps: true,
      tailLines: 10,
      limitBytes: 100,
      since: new Date('2025-06-01T09:59:00Z'),
      previous: true,
    });
  });

  it('defaults to the whole log of this build, once', () => {
    expect(parseLogOptions('b', {}, now)).toEqual({
      follow: false,
      timestamps: false,
      previous: false,
    });
  });

  it('reads booleans as Go does, and treats empty values as unset', () => {
    expect(parseLogOptions('b', { follow: 'T', previous: '0', tailLines: '' }, now)).toEqual({
      follow: true,
      timestamps: false,
      previous: false,
    });
  });

  it('accepts and ignores the options that only choose a container or a wait', () => {
    expect(
      parseLogOptions('b', { container: 'sti-build', nowait: 'true', other: 'x' }, now),
    ).toEqual({ follow: false, timestamps: false, previous: false });
  });

  it('takes sinceTime as given', () => {
    expect(parseLogOptions('b', { sinceTime: '2025-06-01T08:00:00Z' }, now).since).toEqual(
      new Date('2025-06-01T08:00:00Z'),
    );
  });

  it.each([
    [{ tailLines: '-1' }, 422],
    [{ limitBytes: '0' }, 422],
    [{ sinceSeconds: '5', sinceTime: '2025-06-01T00:00:00Z' }, 422],
    [{ sinceTime: 'yesterday' }, 422],
    [{ version: '0' }, 422],
    [{ previous: 'true', version: '2' }, 422],
    [{ tailLines: 'ten' }, 400],
    [{ follow: 'maybe' }, 400],
    [{ previous: ['true', 'false'] }, 400],
  ])('refuses %j with %i', (query, code) => {
    expect(thrown(() => parseLogOptions('b', query, now))).toMatchObject({ code });
  });

  it.each([
    [{ tailLines: 'ten' }, 'tailLines'],
    [{ previous: 'yes' }, 'previous'],
    [{ limitBytes: '1.5' }, 'limitBytes'],
    [{ sinceTime: 'yesterday' }, 'sinceTime'],
    [{ previous: 'true', version: '2' }, 'previous'],
    [{ limitBytes: '0' }, 'limitBytes'],
  ])('names the field in its refusal of %j', (query, field) => {
    const error = thrown(() => parseLogOptions('b', query, now)) as Error & {
      details?: { causes?: { field: string }[] };
    };
    expect(error.details?.causes?.map((c) => c.field)).toEqual([field]);
  });

  it('says what it could not read', () => {
    expect((thrown(() => parseLogOptions('b', { follow: 'maybe' }, now)) as Error).message).toBe(
      'invalid BuildLogOptions: follow: Invalid input: expected boolean, received string, got "maybe"',
    );
  });
});
