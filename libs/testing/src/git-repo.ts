import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Kiln Test',
  GIT_AUTHOR_EMAIL: 'test@kiln.invalid',
  GIT_COMMITTER_NAME: 'Kiln Test',
  GIT_COMMITTER_EMAIL: 'test@kiln.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export type GitRepo = {
  readonly path: string;
  /** Writes files (path -> content), commits them, and returns the new commit id. */
  commit(files: Record<string, string>, message: string): string;
  git(...args: string[]): string;
};

/** Creates a non-bare repository at baseDir/name on branch `main`. */
export function createGitRepo(baseDir: string, name: string): GitRepo {
  const path = join(baseDir, name);
  mkdirSync(path, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: path, env: gitEnv, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  return {
    path,
    git,
    commit(files, message) {
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(dirname(join(path, file)), { recursive: true });
        writeFileSync(join(path, file), content);
      }
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
}
