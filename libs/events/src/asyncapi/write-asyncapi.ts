// Writes docs/asyncapi.yaml (or the path given) from the definitions of libs/events:
//   node libs/events/dist/asyncapi/write-asyncapi.js [PATH]
import { writeFileSync } from 'node:fs';
import { ASYNCAPI_FILE } from './asyncapi-file.js';
import { generateAsyncApi } from './generate-asyncapi.js';
import { renderAsyncApi } from './render-asyncapi.js';

const path = process.argv[2] ?? ASYNCAPI_FILE;
writeFileSync(path, renderAsyncApi(generateAsyncApi()));
console.log(`wrote ${path}`);
