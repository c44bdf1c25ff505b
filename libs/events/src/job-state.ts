/**
 * Where one job message stands on its work consumer:
 * - `queued`: not delivered yet (above the highest delivered sequence), or the consumer does not
 *   exist yet (a worker creating it with DeliverPolicy.All will receive it);
 * - `delivered`: delivered and maybe not settled: in flight, waiting for redelivery, or acked out
 *   of order above the ack floor (the consumer's counters cannot tell these apart);
 * - `settled`: acked, terminated, or given up after max deliveries.
 */
export type JobState = 'queued' | 'delivered' | 'settled';

/** The part of a consumer's info the verdict needs. */
export type ConsumerPosition = {
  delivered: { stream_seq: number };
  ack_floor: { stream_seq: number };
  num_ack_pending?: number;
};

/**
 * Settled when at or below the ack floor, when nothing delivered is pending any more, or when a
 * dead letter names the message: nats-server 2.9 leaves an exhausted message above the floor
 * (out of `num_ack_pending`) until a later message is acked.
 */
export function jobState(
  position: ConsumerPosition | undefined,
  streamSeq: number,
  deadLettered = false,
): JobState {
  if (!position || streamSeq > position.delivered.stream_seq) {
    return 'queued';
  }
  if (
    streamSeq <= position.ack_floor.stream_seq ||
    position.num_ack_pending === 0 ||
    deadLettered
  ) {
    return 'settled';
  }
  return 'delivered';
}
