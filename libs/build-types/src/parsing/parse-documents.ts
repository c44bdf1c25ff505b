import { parseAllDocuments } from 'yaml';
import type { RandomInt } from './generate-expression.js';
import { type KubeObject, processTemplate } from './process-template.js';
import { substituteParams } from './substitute-params.js';

/** A problem with one document of the input stream (0-based index). */
export type DocumentError = { document: number; message: string };

export type ParseDocumentsOptions = {
  /** Template parameter values; also substituted into plain objects that carry `${NAME}`. */
  params?: Readonly<Record<string, string>>;
  /** Randomness for `generate: expression` parameters (default: crypto). */
  random?: RandomInt;
};

export type ParseDocumentsResult =
  { ok: true; objects: KubeObject[] } | { ok: false; errors: DocumentError[] };

const isObject = (value: unknown): value is KubeObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// JSON first: it is exact for JSON input and cheaper; anything else goes through the YAML parser.
const readDocuments = (text: string): { value?: unknown; error?: string }[] => {
  try {
    return [{ value: JSON.parse(text) as unknown }];
  } catch {
    return parseAllDocuments(text).map((doc) =>
      doc.errors.length > 0
        ? { error: doc.errors.map((e) => e.message).join('; ') }
        : { value: doc.toJS() as unknown },
    );
  }
};

const isTemplate = (o: KubeObject): boolean =>
  o.kind === 'Template' && (o.apiVersion === 'v1' || o.apiVersion === 'template.openshift.io/v1');

const expand = (value: unknown, options: ParseDocumentsOptions): KubeObject[] => {
  if (!isObject(value)) {
    throw new Error('is not an object');
  }
  if (value.kind === 'List') {
    const items = Array.isArray(value.items) ? (value.items as unknown[]) : [];
    return items.flatMap((item) => expand(item, options));
  }
  if (isTemplate(value)) {
    return processTemplate(value, options.params ?? {}, options.random);
  }
  // Objects cut out of templates still hold `${NAME}`; substitute only what the caller gave.
  const given = new Map(Object.entries(options.params ?? {}));
  return [given.size > 0 ? (substituteParams(value, given) as KubeObject) : value];
};

/**
 * Reads YAML or JSON: one object, a `List`, a multi-document stream, or an OpenShift `Template`
 * (processed with `params`). Returns every object inside, or every per-document error.
 */
export const parseDocuments = (
  text: string,
  options: ParseDocumentsOptions = {},
): ParseDocumentsResult => {
  const objects: KubeObject[] = [];
  const errors: DocumentError[] = [];
  readDocuments(text).forEach(({ value, error }, document) => {
    if (error !== undefined) {
      errors.push({ document, message: `document ${document}: invalid YAML: ${error}` });
      return;
    }
    if (value === null || value === undefined) {
      return; // an empty document, e.g. after a trailing `---`
    }
    try {
      objects.push(...expand(value, options));
    } catch (e) {
      errors.push({ document, message: `document ${document}: ${(e as Error).message}` });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, objects };
};
