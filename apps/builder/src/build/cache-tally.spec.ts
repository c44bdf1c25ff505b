import { CacheTally } from './cache-tally.js';

/** Output of `buildah bud --layers` 1.28 (captured), a multi-stage Dockerfile built twice. */
const firstBuild = [
  '[1/2] STEP 1/2: FROM 127.0.0.1:25111/kiln/base:latest AS a',
  '[1/2] STEP 2/2: RUN echo one > /one',
  '--> 33da744e106',
  '[2/2] STEP 1/4: FROM 127.0.0.1:25111/kiln/base:latest',
  '[2/2] STEP 2/4: COPY --from=a /one /one',
  '--> aa436a8434b',
  '[2/2] STEP 3/4: RUN echo two > /two',
  '--> 8e4e7046abe',
  '[2/2] STEP 4/4: ENV X=1',
  '[2/2] COMMIT x:latest',
  '--> 5f190e9e4a7',
  'Successfully tagged localhost/x:latest',
];
const rebuild = [
  '[1/2] STEP 1/2: FROM 127.0.0.1:25111/kiln/base:latest AS a',
  '[1/2] STEP 2/2: RUN echo one > /one',
  '--> Using cache 33da744e106facd08cacf99d4eb5463d4a1951f1303c9d5dd6a49defcf29b1f2',
  '--> 33da744e106',
  '[2/2] STEP 1/4: FROM 127.0.0.1:25111/kiln/base:latest',
  '[2/2] STEP 2/4: COPY --from=a /one /one',
  '--> Using cache aa436a8434b0164ffbe8dfdccae782c3aac21783fb21ac32f963af9a3218d38d',
  '--> aa436a8434b',
  '[2/2] STEP 3/4: RUN echo two > /two',
  '--> Using cache 8e4e7046abe0b21279cc1fc608fda14ccab174c755994a76efb75914ce1e74b8',
  '--> 8e4e7046abe',
  '[2/2] STEP 4/4: ENV X=1',
  '--> Using cache 5f190e9e4a7e01413f5d2bef4a742e1b1c154d320d800761a887c9d6f4ebf193',
  '[2/2] COMMIT x:latest',
  '--> 5f190e9e4a7',
];

const tally = (lines: string[]) => {
  const counter = new CacheTally();
  lines.forEach((l) => counter.see(l));
  return counter.result();
};

describe(CacheTally.name, () => {
  it('counts every step but FROM as a miss on a first build', () => {
    expect(tally(firstBuild)).toEqual({ hits: 0, misses: 4 });
  });

  it('counts a hit per step served from the cache on a rebuild', () => {
    expect(tally(rebuild)).toEqual({ hits: 4, misses: 0 });
  });

  it('reads single-stage step lines, which carry no stage prefix', () => {
    expect(
      tally(['STEP 1/3: FROM base', 'STEP 2/3: RUN a', '--> Using cache 1234', 'STEP 3/3: RUN b']),
    ).toEqual({ hits: 1, misses: 1 });
  });
});
