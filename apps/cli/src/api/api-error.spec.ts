import { ApiError, describeStatus, statusFromBody } from './api-error.js';

describe('describeStatus', () => {
  it('puts the field path first for a single cause', () => {
    const line = describeStatus(
      {
        kind: 'Status',
        message: 'BuildConfig "x" is invalid: ...',
        details: {
          causes: [
            { field: 'spec.strategy.dockerStrategy.env[0].name', message: 'Required value' },
          ],
        },
      },
      422,
    );
    expect(line).toBe('spec.strategy.dockerStrategy.env[0].name: Required value');
  });

  it('joins several causes on one line', () => {
    const line = describeStatus(
      {
        details: {
          causes: [
            { field: 'metadata.name', message: 'Required value' },
            { field: 'spec.output.to.kind', message: 'Unsupported value: "Foo"' },
          ],
        },
      },
      422,
    );
    expect(line).toBe(
      'metadata.name: Required value; spec.output.to.kind: Unsupported value: "Foo"',
    );
  });

  it('falls back to the message, then the reason, then the code', () => {
    expect(describeStatus({ message: 'builds "x" not found' }, 404)).toBe('builds "x" not found');
    expect(describeStatus({ reason: 'Forbidden' }, 403)).toBe('Forbidden (HTTP 403)');
    expect(describeStatus({}, 502)).toBe('the server answered HTTP 502');
  });
});

describe('statusFromBody', () => {
  it('reads a Status', () => {
    const status = statusFromBody('{"kind":"Status","message":"nope","code":409}', 409, 'Conflict');
    expect(status.message).toBe('nope');
  });

  it('turns other bodies into a message with the HTTP status', () => {
    expect(statusFromBody('<html>\nBad gateway</html>', 502, 'Bad Gateway').message).toBe(
      'HTTP 502 Bad Gateway: <html>',
    );
    expect(statusFromBody('', 503, 'Service Unavailable').message).toBe(
      'HTTP 503 Service Unavailable',
    );
  });
});

describe(ApiError.name, () => {
  it('carries the code and a readable message', () => {
    const error = new ApiError(404, { reason: 'NotFound', message: 'gone' });
    expect(error.isNotFound).toBe(true);
    expect(error.reason).toBe('NotFound');
    expect(error.message).toBe('gone');
  });
});
