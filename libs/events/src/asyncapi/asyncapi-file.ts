import { fileURLToPath } from 'node:url';

/** `<repository root>/docs/asyncapi.yaml`, from src/asyncapi and dist/asyncapi alike. */
export const ASYNCAPI_FILE = fileURLToPath(
  new URL('../../../../docs/asyncapi.yaml', import.meta.url),
);
