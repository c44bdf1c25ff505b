/**
 * JSON is valid YAML, and docker-registry reads YAML: writing its config as JSON keeps this
 * lib free of a YAML dependency.
 */
export function stringify(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
