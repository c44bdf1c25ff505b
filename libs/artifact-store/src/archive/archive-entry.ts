/** One entry of a tar or zip archive, as the readers hand it to extraction. */
export type ArchiveEntry = {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'hardlink' | 'unsupported';
  /** What the entry is, for messages: "character device", "fifo", "GNU sparse file". */
  label: string;
  mode: number;
  /** For links: the target as stored. */
  linkname: string;
  /** The content of a file; must be consumed before the next entry is read. */
  data: AsyncIterable<Buffer>;
};

export type EntryVisitor = (entry: ArchiveEntry) => Promise<void>;
