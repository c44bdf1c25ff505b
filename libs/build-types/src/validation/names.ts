// Name and key syntax from Kubernetes' apimachinery validation.
const dns1123Label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123Label}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123Label}(\\.${dns1123Label})*$`);
const qualifiedNamePartRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const envVarNameRe = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const configMapKeyRe = /^[-._a-zA-Z0-9]+$/;

/** Problems with a DNS-1123 subdomain (object names); empty when valid. */
export const dns1123SubdomainProblems = (value: string): string[] => {
  const problems: string[] = [];
  if (value.length > 253) {
    problems.push('must be no more than 253 characters');
  }
  if (!dns1123SubdomainRe.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  }
  return problems;
};

/** Problems with a DNS-1123 label (namespaces, volume names); empty when valid. */
export const dns1123LabelProblems = (value: string): string[] => {
  const problems: string[] = [];
  if (value.length > 63) {
    problems.push('must be no more than 63 characters');
  }
  if (!dns1123LabelRe.test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  }
  return problems;
};

/** Problems with a label or annotation key: `[prefix/]name`; empty when valid. */
export const qualifiedNameProblems = (key: string): string[] => {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (parts.length > 2 || name === undefined) {
    return ['a qualified name must have at most one "/"'];
  }
  const problems: string[] = [];
  if (prefix !== undefined) {
    problems.push(...dns1123SubdomainProblems(prefix).map((p) => `prefix part ${p}`));
  }
  if (name.length === 0 || name.length > 63 || !qualifiedNamePartRe.test(name)) {
    problems.push(
      "name part must be 1-63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character",
    );
  }
  return problems;
};

/** True for a valid label value (empty allowed). */
export const isLabelValue = (value: string): boolean =>
  value.length <= 63 && labelValueRe.test(value);

/** True for a valid environment variable name. */
export const isEnvVarName = (name: string): boolean => envVarNameRe.test(name);

/** True for a valid Secret/ConfigMap data key. */
export const isConfigMapKey = (key: string): boolean =>
  key.length <= 253 && configMapKeyRe.test(key) && key !== '.' && key !== '..';

/** True for a name usable as one URL path segment (BuildRequest names, image stream names). */
export const isPathSegmentName = (name: string): boolean =>
  name !== '.' && name !== '..' && !/[/%]/.test(name);
