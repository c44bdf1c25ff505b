import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '../http/api-error.js';
import { NamespaceRepository } from '../storage/namespace.repository.js';
import { prepareCreate } from './image-stream-spec.js';
import { latestEvent, withOutcome, withTagEvent, type TagOutcome } from './image-stream-status.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import type { ImageStream } from './image-stream.schema.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { keyText, streamOfRepository, streamRepository, type TagKey } from './tag-names.js';

/**
 * Writes what the server learns about tags into stream status, each change under the stream's
 * row lock: pushes to the farm registry (from notifications or the reconciler) and the outcomes
 * of imports and tracking. Answers the tags whose image changed, for the fan-out.
 */
@Injectable()
export class TagEventsService {
  private readonly logger = new Logger(TagEventsService.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly streams: ImageStreamRepository,
    private readonly namespaces: NamespaceRepository,
  ) {}

  /**
   * A manifest pushed to `repository:tag` of the farm registry. As OpenShift's integrated
   * registry, a push into a namespace's repository creates the stream when there is none; a
   * push the stream already knows (a retried notification, a sweep after it) changes nothing.
   */
  async recordPush(repository: string, tag: string, digest: string): Promise<TagKey[]> {
    const owner = streamOfRepository(repository);
    if (!owner || !(await this.namespaces.exists(owner.namespace))) {
      return [];
    }
    const { namespace, stream: name } = owner;
    const registry = this.options.registryHost;
    const changed = await this.change(
      namespace,
      name,
      (stream) =>
        withTagEvent(stream, tag, {
          created: new Date().toISOString(),
          dockerImageReference: `${streamRepository(registry, namespace, name)}@${digest}`,
          image: digest,
          generation: stream.metadata.generation ?? 1,
        }),
      () => prepareCreate({ metadata: { name } }, namespace, registry),
    );
    if (changed) {
      this.logger.log(`${keyText({ namespace, stream: name, tag })} → ${digest} (push)`);
    }
    return changed ? [{ namespace, stream: name, tag }] : [];
  }

  /**
   * Spec tags that import from this very tag of the farm registry (the `openshift` builder
   * streams import `<registry>/kiln/s2i-nodejs:latest`) take a push to it at once, rather than
   * at their next scheduled import.
   */
  async recordImportedPush(repository: string, tag: string, digest: string): Promise<TagKey[]> {
    const source = `${this.options.registryHost}/${repository}`;
    const names = tag === 'latest' ? [`${source}:latest`, source] : [`${source}:${tag}`];
    const outcome = { image: digest, dockerImageReference: `${source}@${digest}` };
    const changed: TagKey[] = [];
    for (const name of names) {
      for (const stream of await this.streams.withSpecTag({
        from: { kind: 'DockerImage', name },
      })) {
        const importing = (stream.spec?.tags ?? []).filter(
          (t) => t.from?.kind === 'DockerImage' && t.from.name === name && !t.reference,
        );
        for (const t of importing) {
          const key = {
            namespace: stream.metadata.namespace ?? '',
            stream: stream.metadata.name ?? '',
            tag: t.name,
          };
          changed.push(...(await this.recordOutcome(key, t.generation ?? 0, outcome)));
        }
      }
    }
    return changed;
  }

  /**
   * The outcome of importing or tracking spec tag `key.tag`, if the tag still asks for what was
   * looked up (its generation is unchanged): a newer spec makes a stale outcome moot.
   */
  async recordOutcome(key: TagKey, generation: number, outcome: TagOutcome): Promise<TagKey[]> {
    const changed = await this.change(key.namespace, key.stream, (stream) => {
      const spec = (stream.spec?.tags ?? []).find((t) => t.name === key.tag);
      return spec && (spec.generation ?? 0) === generation
        ? withOutcome(stream, key.tag, generation, outcome, new Date())
        : undefined;
    });
    if (changed && 'image' in outcome) {
      this.logger.log(`${keyText(key)} → ${outcome.dockerImageReference}`);
    }
    return changed ? [key] : [];
  }

  /**
   * Applies `change` to the stream under its row lock (creating it first with `create`, when
   * given and it does not exist) and answers whether the tag's image changed.
   */
  private async change(
    namespace: string,
    name: string,
    change: (stream: ImageStream) => ImageStream | undefined,
    create?: () => ImageStream,
  ): Promise<boolean> {
    const attempt = (manager: EntityManager) =>
      this.changeIn(manager, namespace, name, change, create);
    try {
      return await this.db.transaction(attempt);
    } catch (error) {
      // Two pushes into a new repository at once: the other created the stream; apply to it.
      if (error instanceof ApiError && error.reason === 'AlreadyExists') {
        return this.db.transaction(attempt);
      }
      throw error;
    }
  }

  private async changeIn(
    manager: EntityManager,
    namespace: string,
    name: string,
    change: (stream: ImageStream) => ImageStream | undefined,
    create?: () => ImageStream,
  ): Promise<boolean> {
    const found = await this.streams.get(namespace, name, manager, true);
    const stream =
      found ?? (create ? await this.streams.create(manager, namespace, create()) : undefined);
    const next = stream && change(stream);
    if (!stream || !next) {
      return false;
    }
    await this.streams.update(manager, next);
    const imageOf = (s: ImageStream, tag: string) => latestEvent(s, tag)?.dockerImageReference;
    return (next.status?.tags ?? []).some((t) => imageOf(next, t.tag) !== imageOf(stream, t.tag));
  }
}
