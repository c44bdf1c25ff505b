import { InitialSchema1764547200000 } from './1764547200000-initial-schema.js';
import { SealedSecretsAndNamespaceMetadata1764633600000 } from './1764633600000-sealed-secrets-and-namespace-metadata.js';
import { BuildProgress1764720000000 } from './1764720000000-build-progress.js';
import { WatchHistoryAndBuildInputs1764806400000 } from './1764806400000-watch-history-and-build-inputs.js';
import { ImageStreams1764892800000 } from './1764892800000-image-streams.js';

/** In order. ESM builds cannot glob migration files, so they are listed here. */
export const migrations = [
  InitialSchema1764547200000,
  SealedSecretsAndNamespaceMetadata1764633600000,
  BuildProgress1764720000000,
  WatchHistoryAndBuildInputs1764806400000,
  ImageStreams1764892800000,
];
