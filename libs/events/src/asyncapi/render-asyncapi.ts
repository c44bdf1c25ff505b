import { stringify } from 'yaml';
import type { AsyncApiDocument } from './generate-asyncapi.js';

export const REGENERATE_COMMAND = './kiln asyncapi (or: pnpm --filter @kiln/events asyncapi)';

const HEADER = [
  '# Generated from libs/events (subjects, payload schemas, streams and consumers): do not edit.',
  `# Regenerate: ${REGENERATE_COMMAND}`,
  '# A unit test of libs/events fails while this copy differs from a fresh generation.',
];

/**
 * The document as YAML under a header saying it is generated. No anchors (every schema written
 * out where it is used), no folded lines, single quotes: the file is stable under Prettier.
 */
export function renderAsyncApi(document: AsyncApiDocument): string {
  const body = stringify(document, {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    singleQuote: true,
  });
  return `${HEADER.join('\n')}\n${body}`;
}
