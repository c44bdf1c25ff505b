import { type RandomInt, generateFromExpression } from './generate-expression.js';
import { substituteParams } from './substitute-params.js';

/** A plain Kubernetes-style object as found in a manifest. */
export type KubeObject = { apiVersion?: unknown; kind?: unknown; [key: string]: unknown };

/** One parameter of an OpenShift Template. */
export type TemplateParameter = {
  /** Referenced as `${NAME}` or `${{NAME}}`. */
  name: string;
  /** Default value. */
  value?: string;
  /** Processing fails when no value results. */
  required?: boolean;
  /** `expression` to generate a value from `from`. */
  generate?: string;
  /** Generator expression, e.g. `[a-zA-Z0-9]{40}`. */
  from?: string;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const parametersOf = (template: KubeObject): TemplateParameter[] =>
  (Array.isArray(template.parameters) ? template.parameters : []).filter(
    (p): p is TemplateParameter => isObject(p) && typeof p.name === 'string',
  );

const resolveValues = (
  params: readonly TemplateParameter[],
  given: Readonly<Record<string, string>>,
  random?: RandomInt,
): Map<string, string> => {
  const values = new Map<string, string>();
  for (const p of params) {
    let value =
      given[p.name] ?? (p.value === undefined || p.value === null ? undefined : String(p.value));
    if (!value && p.generate === 'expression' && p.from) {
      value = generateFromExpression(p.from, random);
    }
    if (!value && p.required) {
      throw new Error(`template parameter "${p.name}" is required but has no value`);
    }
    values.set(p.name, value ?? '');
  }
  return values;
};

// Template labels are stamped on every object (they win over the object's own), as `oc process` does.
const withLabels = (object: KubeObject, labels: unknown): KubeObject => {
  if (!isObject(labels) || Object.keys(labels).length === 0) {
    return object;
  }
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const own = isObject(metadata.labels) ? metadata.labels : {};
  return { ...object, metadata: { ...metadata, labels: { ...own, ...labels } } };
};

/** Expands a Template into its objects with parameters resolved; throws with the problem. */
export const processTemplate = (
  template: KubeObject,
  given: Readonly<Record<string, string>>,
  random?: RandomInt,
): KubeObject[] => {
  const values = resolveValues(parametersOf(template), given, random);
  const objects = Array.isArray(template.objects) ? (template.objects as unknown[]) : [];
  return objects.map((object, i) => {
    if (!isObject(object)) {
      throw new Error(`template object ${i} is not an object`);
    }
    return withLabels(
      substituteParams(object, values) as KubeObject,
      substituteParams(template.labels, values),
    );
  });
};
