import { Inject, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/api-error.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { tagPushesOf } from './registry-events.js';
import { TagEventsService } from './tag-events.service.js';
import type { TagKey } from './tag-names.js';

/**
 * Registry notifications: each tag push updates its stream's status before the answer (so the
 * registry retries a notification that was not recorded), and the fan-out (trackers, waiting
 * builds, triggers) runs afterwards.
 */
@Injectable()
export class RegistryNotificationsService {
  private readonly logger = new Logger(RegistryNotificationsService.name);

  constructor(
    @Inject(IMAGE_STREAMS_OPTIONS) private readonly options: ImageStreamsOptions,
    private readonly events: TagEventsService,
    private readonly fanout: ImageChangeFanout,
  ) {}

  /** How many tags changed. */
  async receive(authorization: string | undefined, body: Buffer): Promise<number> {
    this.authenticate(authorization);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError('BadRequest', 'the notification is not JSON');
    }
    const result = tagPushesOf(parsed);
    if ('error' in result) {
      throw new ApiError('BadRequest', result.error);
    }
    const changed: TagKey[] = [];
    for (const push of result.pushes) {
      changed.push(...(await this.events.recordPush(push.repository, push.tag, push.digest)));
      changed.push(
        ...(await this.events.recordImportedPush(push.repository, push.tag, push.digest)),
      );
    }
    this.fanout.submit({ tags: changed });
    return changed.length;
  }

  /** Constant-time comparison with the configured token; none configured refuses everything. */
  private authenticate(authorization: string | undefined): void {
    const expected = this.options.notificationToken;
    const presented = Buffer.from(
      authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '',
    );
    const wanted = Buffer.from(expected ?? '');
    const ok =
      expected !== undefined &&
      presented.length === wanted.length &&
      timingSafeEqual(presented, wanted);
    if (!ok) {
      if (expected === undefined) {
        this.logger.warn(
          'a registry notification arrived, but KILN_REGISTRY_NOTIFICATION_TOKEN is not set',
        );
      }
      throw new ApiError('Unauthorized', 'Unauthorized');
    }
  }
}
