import { writeTree } from '../testing/temp-dirs.js';
import { selectFiles } from './select-files.js';

async function selected(root: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of selectFiles(root)) {
    paths.push(entry.kind === 'directory' ? `${entry.path}/` : entry.path);
  }
  return paths;
}

describe('selectFiles', () => {
  it('skips .git and what .gitignore excludes, in sorted order', async () => {
    const root = writeTree({
      '.git/HEAD': 'ref: refs/heads/main',
      '.gitignore': 'node_modules/\n*.log\n',
      'node_modules/x/index.js': '',
      'src/app.js': '',
      'src/debug.log': '',
      Dockerfile: 'FROM x',
    });

    expect(await selected(root)).toEqual(['.gitignore', 'Dockerfile', 'src/', 'src/app.js']);
  });

  it('applies a nested .gitignore to its own subtree', async () => {
    const root = writeTree({
      'a/.gitignore': 'secret.txt\n',
      'a/secret.txt': '',
      'b/secret.txt': '',
    });

    expect(await selected(root)).toEqual(['a/', 'a/.gitignore', 'b/', 'b/secret.txt']);
  });

  it('applies .dockerignore from the root, but always sends the Dockerfile and .dockerignore', async () => {
    const root = writeTree({
      '.dockerignore': '*\n!src\n',
      Dockerfile: 'FROM x',
      'README.md': '',
      'src/main.go': '',
    });

    expect(await selected(root)).toEqual(['.dockerignore', 'Dockerfile', 'src/', 'src/main.go']);
  });
});
