export type ResolvedEnvVar = {
  name: string;
  value: string;
  /**
   * The value came from a Secret (`valueFrom.secretKeyRef`) or expands one through `$(VAR)`:
   * it may be used while building but must never be written into the image, a log or an event.
   */
  secret?: boolean;
};

/**
 * Expands one value the way Kubernetes does: `$(NAME)` becomes the value when `lookup`
 * knows it and stays literal otherwise; `$$` is a literal `$` (so `$$(X)` gives `$(X)`);
 * any other `$` and an unclosed `$(` are kept as written.
 */
export function expandKubernetesReferences(
  value: string,
  lookup: (name: string) => string | undefined,
): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const next = value.charAt(i + 1);
    if (ch !== '$' || i + 1 >= value.length) {
      out += ch;
    } else if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
      } else {
        const name = value.slice(i + 2, close);
        out += lookup(name) ?? `$(${name})`;
        i = close;
      }
    } else {
      out += ch + next;
      i++;
    }
  }
  return out;
}

/**
 * Resolves `$(VAR)` references in an env list as the build controller does: each value may
 * refer only to variables defined earlier in the list (a later duplicate replaces the
 * earlier definition for the variables after it). Pure; returns a new list.
 */
export function resolveEnvReferences(vars: readonly ResolvedEnvVar[]): ResolvedEnvVar[] {
  const defined = new Map<string, ResolvedEnvVar>();
  return vars.map((v) => {
    let secret = v.secret === true;
    const resolved = expandKubernetesReferences(v.value, (ref) => {
      const found = defined.get(ref);
      secret ||= found?.secret === true;
      return found?.value;
    });
    const out: ResolvedEnvVar = secret
      ? { name: v.name, value: resolved, secret }
      : { name: v.name, value: resolved };
    defined.set(v.name, out);
    return out;
  });
}
