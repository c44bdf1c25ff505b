import { buildPhases, canTransition, isTerminalPhase, type BuildPhase } from './build-phase.js';

describe(isTerminalPhase.name, () => {
  it.each<[BuildPhase, boolean]>([
    ['New', false],
    ['Pending', false],
    ['Running', false],
    ['Complete', true],
    ['Failed', true],
    ['Error', true],
    ['Cancelled', true],
  ])('says %s is terminal: %s', (phase, expected) => {
    expect(isTerminalPhase(phase)).toBe(expected);
  });
});

describe(canTransition.name, () => {
  it.each<[BuildPhase, BuildPhase]>([
    ['New', 'Pending'],
    ['New', 'Cancelled'],
    ['New', 'Failed'],
    ['Pending', 'Running'],
    ['Pending', 'Error'],
    ['Running', 'Complete'],
    ['Running', 'Failed'],
    ['Running', 'Cancelled'],
  ])('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[BuildPhase, BuildPhase]>([
    ['Running', 'New'],
    ['Running', 'Pending'],
    ['Pending', 'New'],
    ['Complete', 'Running'],
    ['Failed', 'Complete'],
    ['Cancelled', 'New'],
    ['Error', 'Failed'],
  ])('refuses %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('refuses every move out of a terminal phase to another phase', () => {
    const moves = buildPhases
      .filter(isTerminalPhase)
      .flatMap((from) =>
        buildPhases.filter((to) => to !== from).map((to) => canTransition(from, to)),
      );

    expect(moves).not.toContain(true);
  });

  it('allows rewriting the same phase when only other status fields change', () => {
    expect(buildPhases.every((p) => canTransition(p, p))).toBe(true);
  });
});
