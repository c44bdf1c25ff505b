/** A parsed `WWW-Authenticate` header: the scheme and its parameters (realm, service, scope). */
export type AuthChallenge = {
  scheme: 'basic' | 'bearer' | 'other';
  params: Record<string, string>;
};

/** Parses `Bearer realm="https://auth",service="reg",scope="repository:a:pull"` (quoted or token values). */
export function parseChallenge(headerValue: string | undefined): AuthChallenge | null {
  if (!headerValue) {
    return null;
  }
  const match = /^\s*(\S+)\s*(.*)$/s.exec(headerValue);
  if (!match) {
    return null;
  }
  const scheme = match[1]!.toLowerCase();
  const params: Record<string, string> = {};
  const paramPattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const param of (match[2] ?? '').matchAll(paramPattern)) {
    params[param[1]!.toLowerCase()] =
      param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
  }
  return { scheme: scheme === 'basic' || scheme === 'bearer' ? scheme : 'other', params };
}
