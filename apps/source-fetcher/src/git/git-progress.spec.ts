import { GitProgress } from './git-progress.js';

describe(GitProgress.name, () => {
  let clock: number;
  let lines: string[];
  let progress: GitProgress;

  beforeEach(() => {
    clock = 0;
    lines = [];
    progress = new GitProgress(
      (l) => lines.push(l),
      5000,
      () => clock,
    );
  });

  it('passes lines that end with a newline', () => {
    progress.push("Cloning into '.'...\nwarning: x\n");
    expect(lines).toEqual(["Cloning into '.'...", 'warning: x']);
  });

  it('throttles carriage-return updates to one per interval', () => {
    progress.push('Receiving objects:   1% (1/100)\r');
    clock = 1000;
    progress.push('Receiving objects:  20% (20/100)\rReceiving objects:  40% (40/100)\r');
    clock = 6000;
    progress.push('Receiving objects:  70% (70/100)\r');
    progress.push('Receiving objects: 100% (100/100), done.\n');

    expect(lines).toEqual([
      'Receiving objects:   1% (1/100)',
      'Receiving objects:  70% (70/100)',
      'Receiving objects: 100% (100/100), done.',
    ]);
  });

  it('passes lines that end with a carriage return and newline, as ssh writes them', () => {
    progress.push("Cloning into '.'...\n");
    progress.push('Host key verification failed.\r\n');
    progress.push(
      'Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n',
    );
    expect(lines).toEqual([
      "Cloning into '.'...",
      'Host key verification failed.',
      'Permission denied (publickey).',
      'fatal: Could not read from remote repository.',
    ]);
  });

  it('joins a line split across chunks', () => {
    progress.push('Resolving del');
    progress.push('tas: 100% (3/3), done.\n');
    expect(lines).toEqual(['Resolving deltas: 100% (3/3), done.']);
  });

  it('flushes what is left without a line end', () => {
    progress.push('fatal: unable to access');
    progress.flush();
    expect(lines).toEqual(['fatal: unable to access']);
  });
});
