/** Header and body helpers shared by the provider parsers. */

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** A header's value (the first, when repeated); `name` in lower case, as node keeps them. */
export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of the body, lower case and without parameters; undefined when not given. */
export function mediaType(headers: Headers): string | undefined {
  const type = header(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/** Git providers send JSON; upstream refuses anything else with a 400. */
export function isJson(headers: Headers): boolean {
  return mediaType(headers) === 'application/json';
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}
