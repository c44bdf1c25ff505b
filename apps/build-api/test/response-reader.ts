import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A streamed response read as it arrives: `pump` waits at most `ms` for the next chunk and adds
 * it to `text` (false when nothing came in time). What watch and log-follow tests read on.
 */
export function responseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const read = { text: '', ended: false };
  let pending: ReturnType<typeof reader.read> | undefined;
  const pump = async (ms: number): Promise<boolean> => {
    pending ??= reader.read();
    const result = await Promise.race([pending, sleep(ms, undefined, { ref: false })]);
    if (!result) {
      return false;
    }
    pending = undefined;
    if (result.done) {
      read.ended = true;
    } else {
      read.text += decoder.decode(result.value as Uint8Array, { stream: true });
    }
    return true;
  };
  return {
    read,
    pump,
    /** Whether the server ends the response within `ms`. */
    async ended(ms = 5000): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (!read.ended && Date.now() < deadline) {
        await pump(Math.max(1, deadline - Date.now()));
      }
      return read.ended;
    },
  };
}
