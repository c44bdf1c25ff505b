import { lastStep, postCommitRunLine } from './post-commit-step.js';

const hex = 'a'.repeat(32);

describe('postCommitRunLine', () => {
  it('finds the hook RUN between the two alias FROMs', () => {
    const dockerfile = `FROM base AS appimage${hex}\nRUN make\nFROM appimage${hex}\nRUN ./test.sh\nFROM appimage${hex}\n`;
    expect(postCommitRunLine(dockerfile)).toBe('RUN ./test.sh');
  });

  it('is undefined without a hook', () => {
    expect(postCommitRunLine('FROM base\nRUN make\n')).toBeUndefined();
  });
});

describe('lastStep', () => {
  it('returns the instruction of the last STEP line', () => {
    expect(
      lastStep(['STEP 1/3: FROM base', 'ok', 'STEP 2/3: RUN ./test.sh', 'exit status 1']),
    ).toBe('RUN ./test.sh');
  });

  it('reads the stage-prefixed form of multi-stage builds', () => {
    expect(lastStep(['[1/3] STEP 1/2: FROM base', '[2/3] STEP 2/2: RUN ./test.sh'])).toBe(
      'RUN ./test.sh',
    );
  });
});
