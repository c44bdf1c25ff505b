import { execFile, spawn } from 'node:child_process';
import { createGzip } from 'node:zlib';
import { gitLogFormat, parseGitLog, type GitCommit } from './git-log.js';

function describeGitFailure(error: unknown, what: string): Error {
  const e = error as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') {
    return new Error('git is not installed (needed for --from-repo)');
  }
  const detail = (e.stderr ?? e.message).trim().split('\n')[0];
  return new Error(`${what}: ${detail}`);
}

/** The git child processes `--from-repo` needs: one commit's metadata, and its tree as a tarball. */
export class GitRunner {
  constructor(private readonly git = 'git') {}

  commit(dir: string, revision: string): Promise<GitCommit> {
    return new Promise((resolve, reject) => {
      execFile(
        this.git,
        ['-C', dir, 'log', '-1', `--format=${gitLogFormat}`, revision, '--'],
        { maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            reject(describeGitFailure(Object.assign(error, { stderr }), `git log in ${dir}`));
            return;
          }
          try {
            resolve(parseGitLog(stdout));
          } catch (parseError) {
            reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
          }
        },
      );
    });
  }

  /**
   * `git archive` of a commit as a tar.gz stream. The stream fails (rather than ending short)
   * when git exits non-zero, so a broken archive never reaches the server as a complete one.
   */
  async *archive(dir: string, commit: string): AsyncGenerator<Uint8Array> {
    const child = spawn(this.git, ['-C', dir, 'archive', '--format=tar', commit], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    exited.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    try {
      yield* child.stdout.pipe(createGzip({ level: 6 })) as AsyncIterable<Uint8Array>;
      const code = await exited.catch((error: unknown) => {
        throw describeGitFailure(error, 'git archive');
      });
      if (code !== 0) {
        throw describeGitFailure(
          Object.assign(new Error(`exit ${code}`), { stderr }),
          'git archive',
        );
      }
    } finally {
      if (child.exitCode === null) {
        child.kill();
      }
    }
  }
}
