/** An archive entry that extraction refused to write; the message names the entry and the reason. */
export class ArchiveEntryRefused extends Error {
  override readonly name = 'ArchiveEntryRefused';

  constructor(
    /** The entry's name as stored in the archive (control characters escaped). */
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`archive entry ${JSON.stringify(entry)} refused: ${reason}`);
  }
}
