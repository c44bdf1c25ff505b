type Json = unknown;

const whole = /^\$\{\{([A-Za-z0-9_]+)\}\}$/;
const embedded = /\$\{\{([A-Za-z0-9_]+)\}\}|\$\{([A-Za-z0-9_]+)\}/g;

// `${{NAME}}` as the whole value is replaced by the parameter read as JSON (so numbers and
// booleans come out typed); anywhere else, both forms are plain text substitution.
const substituteString = (text: string, values: ReadonlyMap<string, string>): Json => {
  const single = whole.exec(text);
  const singleValue = single?.[1] === undefined ? undefined : values.get(single[1]);
  if (singleValue !== undefined) {
    try {
      return JSON.parse(singleValue) as Json;
    } catch {
      return singleValue;
    }
  }
  return text.replace(
    embedded,
    (match, typed?: string, plain?: string) => values.get(typed ?? plain ?? '') ?? match,
  );
};

/** Replaces parameter references in every string value of `value`; unknown names are left alone. */
export const substituteParams = (value: Json, values: ReadonlyMap<string, string>): Json => {
  if (typeof value === 'string') {
    return substituteString(value, values);
  }
  if (Array.isArray(value)) {
    return value.map((item: Json) => substituteParams(item, values));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]: [string, Json]) => [k, substituteParams(v, values)]),
    );
  }
  return value;
};
