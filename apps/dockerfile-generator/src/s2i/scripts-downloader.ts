import { S2I_SCRIPTS, type S2iScript } from './resolve-scripts.js';

/**
 * Downloads S2I scripts from a scripts URL (`<url>/assemble`, …), as s2i does for http(s) URLs.
 * Only http and https are fetched (no file://, no other scheme); each script has a size cap and
 * a timeout. A script that cannot be fetched is simply absent: the caller's precedence rules
 * then pick the next source.
 */
export async function downloadScripts(
  url: string,
  options: { maxBytes: number; timeoutMs?: number; log?: (line: string) => void },
): Promise<Map<S2iScript, Buffer>> {
  const found = new Map<S2iScript, Buffer>();
  let base: URL;
  try {
    base = new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    return found;
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    return found;
  }
  for (const script of S2I_SCRIPTS) {
    const target = new URL(script, base);
    try {
      const response = await fetch(target, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'follow',
      });
      if (!response.ok || response.body === null) {
        options.log?.(`scripts URL: ${target.href} answered ${response.status}`);
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Uint8Array).length;
        if (size > options.maxBytes) {
          throw new Error(`larger than ${options.maxBytes} bytes`);
        }
        chunks.push(Buffer.from(chunk as Uint8Array));
      }
      found.set(script, Buffer.concat(chunks));
      options.log?.(`Downloaded ${script} from ${target.href} (${size} bytes)`);
    } catch (error) {
      options.log?.(`scripts URL: could not download ${target.href}: ${(error as Error).message}`);
    }
  }
  return found;
}
