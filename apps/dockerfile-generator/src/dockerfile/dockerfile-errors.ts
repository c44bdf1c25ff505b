/** A Dockerfile that cannot be parsed; `line` is 1-based, or 0 when no line is to blame. */
export class DockerfileParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'DockerfileParseError';
  }
}

/** Options or inputs that would produce an unsafe or invalid Dockerfile. */
export class DockerfileGenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerfileGenerationError';
  }
}
