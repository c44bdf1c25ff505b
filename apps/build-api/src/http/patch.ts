/** Pure RFC 7386 merge patch and RFC 6902 JSON patch over plain JSON values. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Why a patch could not apply: `malformed` (the document is not a patch: 400 in Kubernetes) or
 * `failed` (a path is missing or a `test` did not hold: 422).
 */
export class PatchError extends Error {
  constructor(
    readonly kind: 'malformed' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** RFC 7386: objects merge key by key, `null` deletes, anything else replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) {
    return structuredClone(patch);
  }
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

/**
 * A strategic merge patch read as a merge patch: lists are replaced whole, and the directives
 * (`$patch`, `$retainKeys`, `$setElementOrder/...`, `$deleteFromPrimitiveList/...`) are dropped
 * rather than stored as fields.
 */
export function withoutDirectives(patch: Json): Json {
  if (Array.isArray(patch)) {
    return patch.map(withoutDirectives);
  }
  if (!isObject(patch)) {
    return patch;
  }
  return Object.fromEntries(
    Object.entries(patch)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, value]) => [key, withoutDirectives(value)]),
  );
}

type Operation = { op: string; path: string; from?: string; value?: Json };

/** RFC 6902, all or nothing: the target is not modified, a new value is returned. */
export function jsonPatch(target: Json, patch: unknown): Json {
  if (!Array.isArray(patch)) {
    throw new PatchError('malformed', 'a JSON patch must be an array of operations');
  }
  let document = structuredClone(target);
  patch.forEach((raw, index) => {
    document = applyOperation(document, operationAt(raw, index));
  });
  return document;
}

function operationAt(raw: unknown, index: number): Operation {
  if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
    throw new PatchError('malformed', `operation ${index} must be an object with "op" and "path"`);
  }
  const needsValue = ['add', 'replace', 'test'].includes(raw.op);
  if (needsValue && !('value' in raw)) {
    throw new PatchError('malformed', `operation ${index} (${raw.op}) has no "value"`);
  }
  const needsFrom = raw.op === 'move' || raw.op === 'copy';
  if (needsFrom && typeof raw.from !== 'string') {
    throw new PatchError('malformed', `operation ${index} (${raw.op}) has no "from"`);
  }
  return {
    op: raw.op,
    path: raw.path,
    ...(needsFrom ? { from: raw.from as string } : {}),
    ...(needsValue ? { value: raw.value } : {}),
  };
}

function applyOperation(document: Json, operation: Operation): Json {
  const { op, path } = operation;
  switch (op) {
    case 'add':
      return add(document, path, operation.value ?? null);
    case 'remove':
      return remove(document, path);
    case 'replace':
      return path === ''
        ? structuredClone(operation.value ?? null)
        : add(remove(document, path), path, operation.value ?? null);
    case 'move': {
      const from = operation.from ?? '';
      if (path.startsWith(`${from}/`)) {
        throw new PatchError('failed', `cannot move ${from} into its own child ${path}`);
      }
      const value = get(document, from);
      return from === path ? document : add(remove(document, from), path, value);
    }
    case 'copy':
      return add(document, path, structuredClone(get(document, operation.from ?? '')));
    case 'test': {
      const actual = get(document, path);
      if (!deepEqual(actual, operation.value ?? null)) {
        throw new PatchError(
          'failed',
          `test failed: the value at ${path || '/'} is not as expected`,
        );
      }
      return document;
    }
    default:
      throw new PatchError('malformed', `unknown JSON patch operation "${op}"`);
  }
}

/** RFC 6901 pointer to tokens: `/a~1b/~0c` is `['a/b', '~c']`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new PatchError('malformed', `"${pointer}" is not a JSON pointer (must start with "/")`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(document: Json, pointer: string): Json {
  let node: Json | undefined = document;
  for (const token of parsePointer(pointer)) {
    node = child(node, token, pointer);
  }
  return node ?? null;
}

function child(node: Json | undefined, token: string, pointer: string): Json {
  if (Array.isArray(node)) {
    const index = arrayIndex(token, node.length - 1, pointer);
    return node[index] as Json;
  }
  if (isObject(node) && Object.hasOwn(node, token)) {
    return node[token] as Json;
  }
  throw new PatchError('failed', `${pointer}: path not found`);
}

function arrayIndex(token: string, max: number, pointer: string): number {
  if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) > max) {
    throw new PatchError('failed', `${pointer}: no array element "${token}"`);
  }
  return Number(token);
}

/** Returns a copy of `document` with `value` added at `pointer` (its parent must exist). */
function add(document: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    return structuredClone(value);
  }
  return updateParent(document, tokens, pointer, (parent, last) => {
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : arrayIndex(last, parent.length, pointer);
      parent.splice(index, 0, structuredClone(value));
    } else {
      parent[last] = structuredClone(value);
    }
  });
}

function remove(document: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    throw new PatchError('failed', 'cannot remove the whole document');
  }
  return updateParent(document, tokens, pointer, (parent, last) => {
    if (Array.isArray(parent)) {
      parent.splice(arrayIndex(last, parent.length - 1, pointer), 1);
    } else if (Object.hasOwn(parent, last)) {
      delete parent[last];
    } else {
      throw new PatchError('failed', `${pointer}: path not found`);
    }
  });
}

function updateParent(
  document: Json,
  tokens: string[],
  pointer: string,
  change: (parent: Json[] | Record<string, Json>, last: string) => void,
): Json {
  const copy = structuredClone(document);
  let parent: Json = copy;
  for (const token of tokens.slice(0, -1)) {
    parent = child(parent, token, pointer);
  }
  if (!Array.isArray(parent) && !isObject(parent)) {
    throw new PatchError('failed', `${pointer}: the parent is not an object or array`);
  }
  change(parent, tokens[tokens.length - 1] ?? '');
  return copy;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqual(item, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}
