import { parseLogOptions } from './log-options.js';

/** What `fn` throws; the test fails when it throws nothing. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

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
    });
  });

  it('defaults to the whole log, once', () => {
    expect(parseLogOptions('b', {}, now)).toEqual({ follow: false, timestamps: false });
  });

  it.each([
    [{ tailLines: '-1' }, 422],
    [{ limitBytes: '0' }, 422],
    [{ sinceSeconds: '5', sinceTime: '2025-06-01T00:00:00Z' }, 422],
    [{ sinceTime: 'yesterday' }, 422],
    [{ tailLines: 'ten' }, 400],
    [{ follow: 'maybe' }, 400],
  ])('refuses %j with %i', (query, code) => {
    expect(thrown(() => parseLogOptions('b', query, now))).toMatchObject({ code });
  });
});
