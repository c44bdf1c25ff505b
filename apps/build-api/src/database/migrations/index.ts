import { InitialSchema1764547200000 } from './1764547200000-initial-schema.js';

/** In order. ESM builds cannot glob migration files, so they are listed here. */
export const migrations = [InitialSchema1764547200000];
