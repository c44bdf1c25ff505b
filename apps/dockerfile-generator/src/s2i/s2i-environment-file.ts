export type EnvVar = { name: string; value: string };

// Names the generated `ENV NAME="value"` can carry unquoted without changing its meaning.
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses `.s2i/environment`: KEY=VALUE per line, split on the first `=`, both trimmed;
 * comments, lines without `=`, and lines whose key is empty or not a valid variable name
 * are skipped.
 */
export function parseS2iEnvironmentFile(text: string): EnvVar[] {
  const vars: EnvVar[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line.startsWith('#') || eq < 0) {
      continue;
    }
    const name = line.slice(0, eq).trim();
    if (ENV_NAME.test(name)) {
      vars.push({ name, value: line.slice(eq + 1).trim() });
    }
  }
  return vars;
}
