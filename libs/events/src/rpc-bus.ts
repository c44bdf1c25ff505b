import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { BusLogger } from './logger.js';
import {
  rpcEnvelopeSchema,
  RpcFailure,
  rpcSchemas,
  type RpcError,
  type RpcReplyOf,
  type RpcRequestOf,
  type RpcSubject,
} from './rpc.js';

/** Thrown by a responder to answer with a specific error instead of a 500. */
export class RpcErrorReply extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
  }
}

/**
 * Typed request/reply over core NATS: both ends validate. Responders share a queue group, so
 * any number of build-api instances answer each request once.
 */
export class RpcBus {
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly connection: NatsConnection) {}

  async request<S extends RpcSubject>(
    subject: S,
    request: RpcRequestOf<S>,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcReplyOf<S>> {
    const body = rpcSchemas[subject].request.parse(request);
    let answer;
    try {
      answer = await this.connection.request(subject, JSON.stringify(body), {
        timeout: options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      throw new RpcFailure({
        code: 503,
        reason: 'ServiceUnavailable',
        message: `no answer on ${subject}: ${(error as Error).message}`,
      });
    }
    const envelope = rpcEnvelopeSchema.parse(JSON.parse(answer.string()));
    if (!envelope.ok) {
      throw new RpcFailure(envelope.error);
    }
    return rpcSchemas[subject].reply.parse(envelope.reply) as RpcReplyOf<S>;
  }

  respond<S extends RpcSubject>(
    subject: S,
    handler: (request: RpcRequestOf<S>) => Promise<RpcReplyOf<S>>,
    logger: BusLogger,
  ): void {
    const subscription = this.connection.subscribe(subject, { queue: 'kiln-rpc' });
    this.subscriptions.push(subscription);
    void (async () => {
      for await (const msg of subscription) {
        let answer: unknown;
        try {
          const body = parseJson(msg.string());
          const parsed = rpcSchemas[subject].request.safeParse(body.value);
          if (!body.ok) {
            answer = {
              ok: false,
              error: {
                code: 400,
                reason: 'BadRequest',
                message: `the request on ${subject} is not JSON`,
              },
            };
          } else if (!parsed.success) {
            answer = {
              ok: false,
              error: {
                code: 422,
                reason: 'Invalid',
                message: `invalid request on ${subject}`,
                causes: parsed.error.issues.map((i) => ({
                  field: i.path.join('.'),
                  message: i.message,
                })),
              },
            };
          } else {
            const reply = await handler(parsed.data as RpcRequestOf<S>);
            answer = { ok: true, reply: rpcSchemas[subject].reply.parse(reply) };
          }
        } catch (error) {
          if (error instanceof RpcErrorReply) {
            answer = { ok: false, error: error.error };
          } else {
            logger.error(`request on ${subject} failed: ${(error as Error).message}`);
            answer = {
              ok: false,
              error: { code: 500, reason: 'InternalError', message: 'internal error' },
            };
          }
        }
        msg.respond(JSON.stringify(answer));
      }
    })();
  }

  close(): void {
    for (const s of this.subscriptions) {
      s.unsubscribe();
    }
  }
}

/** A body that is not JSON is the caller's mistake (400), not the responder's (500). */
function parseJson(text: string): { ok: boolean; value?: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
