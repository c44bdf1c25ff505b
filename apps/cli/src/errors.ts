/** A mistake in how the command was called; the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure already explained to the user; only the exit code is left to set. */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
  constructor(readonly exitCode = 1) {
    super('failure already reported');
  }
}
