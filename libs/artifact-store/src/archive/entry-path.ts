import { ArchiveEntryRefused } from './archive-entry-refused.js';

/**
 * Splits an archive entry name into safe path components, or refuses it. Pure: the filesystem
 * checks (symlinks on the way) happen in SafeTree. `.` and empty components are dropped, so
 * `./src//a.ts` is `['src', 'a.ts']`; an entry that names the root itself gives `[]`.
 */
export function entryComponents(name: string, maxDepth: number): string[] {
  if (name.includes('\0')) {
    throw new ArchiveEntryRefused(name, 'the name contains a NUL byte');
  }
  if (name.includes('\\')) {
    throw new ArchiveEntryRefused(
      name,
      'the name contains a backslash (Windows path separators are not accepted)',
    );
  }
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    throw new ArchiveEntryRefused(name, 'absolute paths are not allowed');
  }
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) {
    throw new ArchiveEntryRefused(name, 'a ".." component would leave the destination');
  }
  if (parts.length > maxDepth) {
    throw new ArchiveEntryRefused(
      name,
      `the path is ${parts.length} levels deep, over the limit of ${maxDepth}`,
    );
  }
  return parts;
}

/** A single file name for `asFile` uploads: one component, nothing that walks or hides. */
export function safeFileName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new ArchiveEntryRefused(
      name,
      'a file name must be one path component without "/", "\\" or NUL',
    );
  }
  return name;
}
