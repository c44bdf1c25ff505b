import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { generateAsyncApi } from './generate-asyncapi.js';
import { REGENERATE_COMMAND, renderAsyncApi } from './render-asyncapi.js';
import { ASYNCAPI_FILE } from './asyncapi-file.js';

describe('docs/asyncapi.yaml', () => {
  const checkedIn = readFileSync(ASYNCAPI_FILE, 'utf8');

  it('is what the definitions of libs/events generate today', () => {
    const fresh = renderAsyncApi(generateAsyncApi()).split('\n');
    const lines = checkedIn.split('\n');
    const first = fresh.findIndex((line, i) => line !== lines[i]);
    const differs = first >= 0 || lines.length !== fresh.length;
    const verdict = differs
      ? `docs/asyncapi.yaml is stale (first difference at line ${(first >= 0 ? first : fresh.length) + 1}): ` +
        `regenerate it with ${REGENERATE_COMMAND}`
      : 'up to date';
    expect(verdict).toBe('up to date');
  });

  it('says it is generated and how to regenerate it', () => {
    expect(checkedIn.split('\n').slice(0, 2).join('\n')).toMatch(/Generated[\s\S]*Regenerate/);
    expect(checkedIn).toContain(REGENERATE_COMMAND);
  });

  it('parses as YAML into an AsyncAPI 3.0.0 document', () => {
    const document = parse(checkedIn) as { asyncapi: string; channels: object };
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.keys(document.channels).length).toBeGreaterThan(0);
  });
});
