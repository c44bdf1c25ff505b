import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, type Farm } from './farm.js';

/**
 * Commits an example app's files (`examples/<example>/app`) on `main` of a repository served by
 * the farm's git daemon at `${farm.gitUrl}<name>`; answers the commit.
 */
export function publishExample(farm: Farm, example: string, name: string): string {
  const repo = farm.gitRepo(name);
  cpSync(join(root, 'examples', example, 'app'), repo.path, { recursive: true });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', `import ${example}`);
  expect(readdirSync(repo.path)).not.toHaveLength(0);
  return repo.git('rev-parse', 'HEAD');
}
