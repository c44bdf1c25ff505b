import { jobState } from './job-state.js';

const at = (delivered: number, ackFloor: number, pending = 1) => ({
  delivered: { stream_seq: delivered },
  ack_floor: { stream_seq: ackFloor },
  num_ack_pending: pending,
});

describe(jobState.name, () => {
  it('says queued when the consumer has not delivered that far yet', () => {
    expect(jobState(at(10, 8), 11)).toBe('queued');
  });

  it('says queued when the consumer does not exist yet', () => {
    expect(jobState(undefined, 3)).toBe('queued');
  });

  it('says settled at or below the ack floor', () => {
    expect(jobState(at(10, 8), 8)).toBe('settled');
    expect(jobState(at(10, 8), 2)).toBe('settled');
  });

  it('says delivered between the ack floor and the last delivery', () => {
    expect(jobState(at(10, 8), 9)).toBe('delivered');
    expect(jobState(at(10, 8), 10)).toBe('delivered');
  });

  it('says settled above the floor when nothing is pending or a dead letter names it', () => {
    expect(jobState(at(10, 8, 0), 9)).toBe('settled');
    expect(jobState(at(10, 8), 9, true)).toBe('settled');
  });
});
