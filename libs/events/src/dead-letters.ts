import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type MsgRequest,
} from '@nats-io/jetstream';
import { z } from 'zod';
import { DEAD_LETTER_ADVISORIES, DEAD_LETTERS_STREAM } from './streams.js';

/** The fields both advisories share (io.nats.jetstream.advisory.v1.max_deliver / terminated). */
export const deadLetterAdvisorySchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  timestamp: z.string(),
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int(),
  /** Terminated only, and only when the client gave one (nats-server 2.9 ignores it). */
  reason: z.string().optional(),
});
export type DeadLetterAdvisory = z.infer<typeof deadLetterAdvisorySchema>;

export type DeadLetter = {
  /** Sequence of the advisory in KILN_DEAD_LETTERS. */
  seq: number;
  cause: 'max-deliveries' | 'terminated';
  advisory: DeadLetterAdvisory;
  /** The message given up on; absent once its stream dropped it (max_age, purge). */
  original?: { subject: string; data: string; time: string; headers: Record<string, string[]> };
};

/**
 * Reads the dead letter at `seq` of KILN_DEAD_LETTERS and the original message it points at.
 * Returns undefined when there is no such dead letter.
 */
export async function readDeadLetter(
  jsm: JetStreamManager,
  seq: number,
): Promise<DeadLetter | undefined> {
  const stored = await getOrUndefined(jsm, DEAD_LETTERS_STREAM.name, seq);
  if (!stored) {
    return undefined;
  }
  const advisory = deadLetterAdvisorySchema.parse(stored.json());
  const cause = stored.subject.startsWith(DEAD_LETTER_ADVISORIES.terminated)
    ? 'terminated'
    : 'max-deliveries';
  const message = await getOrUndefined(jsm, advisory.stream, advisory.stream_seq);
  const original = message && {
    subject: message.subject,
    data: message.string(),
    time: message.time.toISOString(),
    headers: Object.fromEntries(message.header.keys().map((k) => [k, message.header.values(k)])),
  };
  return { seq, cause, advisory, ...(original ? { original } : {}) };
}

/** The dead letters from `fromSeq` on, oldest first, at most `limit` of them. */
export async function listDeadLetters(
  jsm: JetStreamManager,
  options: { fromSeq?: number; limit?: number } = {},
): Promise<DeadLetter[]> {
  const info = await jsm.streams.info(DEAD_LETTERS_STREAM.name);
  const letters: DeadLetter[] = [];
  const first = Math.max(options.fromSeq ?? 1, info.state.first_seq);
  for (
    let seq = first;
    seq <= info.state.last_seq && letters.length < (options.limit ?? 100);
    seq++
  ) {
    const letter = await readDeadLetter(jsm, seq);
    if (letter) {
      letters.push(letter);
    }
  }
  return letters;
}

/**
 * Whether `consumer` of `stream` gave up on the message at `streamSeq`: the dead letters of that
 * consumer are read by subject (nats-server answers `next_by_subj`), so only they are scanned.
 */
export async function isDeadLettered(
  jsm: JetStreamManager,
  target: { stream: string; consumer: string; streamSeq: number },
): Promise<boolean> {
  for (const prefix of Object.values(DEAD_LETTER_ADVISORIES)) {
    const subject = `${prefix}.${target.stream}.${target.consumer}`;
    for (let seq = 1; ;) {
      const found = await getNext(jsm, seq, subject);
      if (!found) {
        break;
      }
      if (deadLetterAdvisorySchema.safeParse(found.json()).data?.stream_seq === target.streamSeq) {
        return true;
      }
      seq = found.seq + 1;
    }
  }
  return false;
}

async function getNext(jsm: JetStreamManager, seq: number, subject: string) {
  try {
    // The server's MSG.GET takes `next_by_subj` (2.9+); the client types it for direct get only.
    const query = { seq, next_by_subj: subject } as unknown as MsgRequest;
    return (await jsm.streams.getMessage(DEAD_LETTERS_STREAM.name, query)) ?? undefined;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
      return undefined;
    }
    throw error;
  }
}

async function getOrUndefined(jsm: JetStreamManager, stream: string, seq: number) {
  try {
    return (await jsm.streams.getMessage(stream, { seq })) ?? undefined;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
      return undefined;
    }
    throw error;
  }
}
