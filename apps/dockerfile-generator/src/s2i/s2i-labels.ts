import { sourceLabels } from '../dockerfile/build-info.js';
import { goQuote } from '../dockerfile/go-quote.js';
import type { S2iDockerfileInput } from './s2i-dockerfile-input.js';
import { SCRIPTS_URL_LABEL } from './resolve-scripts.js';

const DESTINATION_LABEL = 'io.openshift.s2i.destination';

/**
 * The one LABEL of the S2I image, or undefined when there is nothing to label. Upstream
 * writes a Go map in random order; we sort the generated keys so output is stable, then
 * let imageLabels override in place (or append).
 */
export function s2iLabelInstruction(input: S2iDockerfileInput): string | undefined {
  const generated = sourceLabels(input.buildInfo, 'io.openshift.build.');
  generated.set('io.openshift.build.image', input.builderImage);
  if (input.scriptsUrl !== undefined && input.scriptsUrl !== '') {
    generated.set(SCRIPTS_URL_LABEL, input.scriptsUrl);
  }
  if (input.destination !== undefined && input.destination !== '') {
    generated.set(DESTINATION_LABEL, input.destination);
  }
  const labels = new Map([...generated.keys()].sort().map((k) => [k, generated.get(k) ?? '']));
  for (const label of input.imageLabels) {
    labels.set(label.name, label.value);
  }
  if (labels.size === 0) {
    return undefined;
  }
  const pairs = [...labels].map(([k, v]) => `${goQuote(k)}=${goQuote(v)}`);
  return `LABEL ${pairs.join(' \\\n      ')}`;
}
