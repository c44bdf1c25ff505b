import { RpcSubjects, type BusLogger, type ResolvedObject, type RpcBus } from '@kiln/events';

const quiet: BusLogger = { error: () => undefined, warn: () => undefined, log: () => undefined };

/**
 * Answers the workers' ResolveObjects requests from `objects` (keyed `Kind/name`), over real
 * NATS: a worker's integration test plays build-api's part with it (build-api has the real one).
 */
export function answerResolveObjects(
  rpc: RpcBus,
  objects: ReadonlyMap<string, ResolvedObject>,
): void {
  rpc.respond(
    RpcSubjects.ResolveObjects,
    (request) =>
      Promise.resolve({
        objects: request.refs.flatMap((r) => objects.get(`${r.kind}/${r.name}`) ?? []),
        missing: request.refs.filter((r) => !objects.has(`${r.kind}/${r.name}`)),
      }),
    quiet,
  );
}
