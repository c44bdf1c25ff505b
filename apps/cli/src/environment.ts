import { defaultConfigSource, type ConfigSource } from './client-config.js';

export type Output = { write(text: string): unknown };

/** Everything a command touches outside its arguments, so tests can supply their own. */
export type CliEnvironment = {
  stdout: Output;
  stderr: Output;
  /** Whole standard input, for `apply -f -`. */
  readStdin: () => Promise<string>;
  config: ConfigSource;
  /** Milliseconds since the epoch; ages and durations are relative to it. */
  now: () => number;
  /** True when stderr is a terminal, so progress can redraw one line. */
  interactive: boolean;
  /** Pause between polls. */
  sleep: (ms: number) => Promise<void>;
};

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function processEnvironment(): CliEnvironment {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    config: defaultConfigSource(),
    now: () => Date.now(),
    interactive: process.stderr.isTTY,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
