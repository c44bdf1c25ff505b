import type { Provider, Type } from '@nestjs/common';
import type { BuildApiConfig } from '../config/build-api.config.js';
import { BuildImageResolver } from './build-image-resolver.service.js';
import { FarmRegistryClient } from './farm-registry.client.js';
import { ImageChangeFanout } from './image-change-fanout.service.js';
import { ImageImporter } from './image-importer.client.js';
import { ImageStreamImportsService } from './image-stream-imports.service.js';
import { ImageStreamReconciler } from './image-stream-reconciler.js';
import { ImageStreamTagsService } from './image-stream-tags.service.js';
import { ImageStreamRepository } from './image-stream.repository.js';
import {
  ImageStreamImportsController,
  ImageStreamTagsController,
} from './image-stream-tags.controller.js';
import { ImageStreamsController } from './image-streams.controller.js';
import { IMAGE_STREAMS_OPTIONS, type ImageStreamsOptions } from './image-streams.options.js';
import { ImageStreamsService } from './image-streams.service.js';
import { ImageTriggersService } from './image-triggers.service.js';
import { PullSecretsRepository } from './pull-secrets.repository.js';
import { RegistryNotificationsBodyParser } from './registry-notifications.body-parser.js';
import { RegistryNotificationsController } from './registry-notifications.controller.js';
import { RegistryNotificationsService } from './registry-notifications.service.js';
import { TagEventsService } from './tag-events.service.js';
import { TagSyncService } from './tag-sync.service.js';
import { WaitingBuildsService } from './waiting-builds.service.js';

/** The image.openshift.io routes and the registry's notification endpoint. */
export const imageStreamControllers: Type[] = [
  ImageStreamsController,
  ImageStreamTagsController,
  ImageStreamImportsController,
  RegistryNotificationsController,
];

/** Everything image streams need, for AppModule (which shares one flat provider list). */
export function imageStreamProviders(config: BuildApiConfig): Provider[] {
  const options: ImageStreamsOptions = {
    registryHost: config.REGISTRY_HOST,
    notificationToken: config.KILN_REGISTRY_NOTIFICATION_TOKEN,
    resyncSeconds: config.KILN_IMAGESTREAM_RESYNC_SECONDS,
    importIntervalSeconds: config.KILN_IMAGE_IMPORT_INTERVAL_SECONDS,
  };
  return [
    { provide: IMAGE_STREAMS_OPTIONS, useValue: options },
    { provide: FarmRegistryClient, useFactory: () => new FarmRegistryClient(config.REGISTRY_HOST) },
    PullSecretsRepository,
    ImageImporter,
    ImageStreamRepository,
    ImageStreamsService,
    ImageStreamTagsService,
    ImageStreamImportsService,
    BuildImageResolver,
    TagEventsService,
    TagSyncService,
    WaitingBuildsService,
    ImageTriggersService,
    ImageChangeFanout,
    ImageStreamReconciler,
    RegistryNotificationsService,
    RegistryNotificationsBodyParser,
  ];
}
