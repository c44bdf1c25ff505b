/** POSIX `path.Clean`: collapses `//`, `.` and `..` lexically; the empty path becomes `.`. */
export const cleanPath = (input: string): string => {
  const absolute = input.startsWith('/');
  const out: string[] = [];
  for (const part of input.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (part !== '..' || !absolute) {
      out.push(part);
    }
  }
  const joined = out.join('/');
  if (absolute) {
    return `/${joined}`;
  }
  return joined === '' ? '.' : joined;
};

/** True when a relative path leaves its root once cleaned (`..`, `../x`, `a/../../x`). */
export const escapesRoot = (input: string): boolean => {
  const cleaned = cleanPath(input);
  return cleaned === '..' || cleaned.startsWith('../');
};

export const isAbsolutePath = (input: string): boolean => input.startsWith('/');
