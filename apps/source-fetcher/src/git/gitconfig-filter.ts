/** One `key=value` of a git config file, as `git config --list -z` prints it. */
export type ConfigEntry = { key: string; value: string | undefined };

/**
 * Keys of a user's `.gitconfig` that the fetcher honours. Anything else is dropped: many git
 * settings name a program to run (filters, ssh commands, submodule update commands, pagers) or a
 * file of this machine to read (client certificates, cookie files, includes), and the fetcher
 * runs many builds side by side, so a build's config may only shape its own transfer.
 */
const allowed: readonly RegExp[] = [
  /^http\.(.+\.)?(sslverify|extraheader|proxy|proxyauthmethod|postbuffer|lowspeedlimit|lowspeedtime|version|followredirects|emptyauth|sslversion|useragent)$/,
  /^url\..+\.insteadof$/,
  /^user\.(name|email)$/,
  /^core\.(autocrlf|eol|safecrlf|symlinks|ignorecase|precomposeunicode|longpaths|compression|bigfilethreshold)$/,
  /^submodule\..+\.(url|branch)$/,
  /^credential\.(.+\.)?username$/,
  /^init\.defaultbranch$/,
];

/** Parses `git config --list -z` output: `key\nvalue\0`, or `key\0` for a bare boolean. */
export function parseConfigList(output: string): ConfigEntry[] {
  return output
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => {
      const newline = record.indexOf('\n');
      return newline < 0
        ? { key: record, value: undefined }
        : { key: record.slice(0, newline), value: record.slice(newline + 1) };
    });
}

export function filterGitConfig(entries: ConfigEntry[]): {
  kept: ConfigEntry[];
  dropped: string[];
} {
  const kept: ConfigEntry[] = [];
  const dropped: string[] = [];
  for (const entry of entries) {
    const lower = lowerSectionAndName(entry.key);
    if (allowed.some((pattern) => pattern.test(lower)) && !/[\0\n]/.test(entry.key)) {
      kept.push(entry);
    } else {
      dropped.push(entry.key);
    }
  }
  return { kept, dropped: [...new Set(dropped)] };
}

/** Writes entries back as a config file, one section header per entry (git merges them). */
export function serializeGitConfig(entries: ConfigEntry[]): string {
  return entries
    .map(({ key, value }) => {
      const first = key.indexOf('.');
      const last = key.lastIndexOf('.');
      const section = key.slice(0, first);
      const name = key.slice(last + 1);
      const subsection = first === last ? undefined : key.slice(first + 1, last);
      const header =
        subsection === undefined ? `[${section}]` : `[${section} "${escape(subsection)}"]`;
      return `${header}\n\t${name}${value === undefined ? '' : ` = "${escape(value)}"`}\n`;
    })
    .join('');
}

/** Section and variable names are case-insensitive; a subsection is not. */
function lowerSectionAndName(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === last) {
    return key.toLowerCase();
  }
  return `${key.slice(0, first).toLowerCase()}.${key.slice(first + 1, last)}.${key.slice(last + 1).toLowerCase()}`;
}

function escape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
}
