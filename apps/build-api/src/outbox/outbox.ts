import type { EventOf, EventSubject } from '@kiln/events';
import type { EntityManager } from 'typeorm';

/**
 * Records an event in the same transaction as the state change it announces. The relay publishes
 * it after commit with `msgId` as the JetStream dedup id, so a crash between commit and publish
 * delays the event but neither loses nor duplicates it.
 */
export async function enqueueEvent<S extends EventSubject>(
  manager: EntityManager,
  subject: S,
  data: EventOf<S>,
  msgId: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO outbox (subject, msg_id, payload) VALUES ($1, $2, $3) ON CONFLICT (msg_id) DO NOTHING`,
    [subject, msgId, JSON.stringify(data)],
  );
  await manager.query(`NOTIFY kiln_outbox`);
}
