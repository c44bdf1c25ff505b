import type { Build } from '@kiln/build-types';
import { ApiError } from '../api/api-error.js';
import { isFinished, streamBuildLog } from '../api/builds.js';
import { getObject } from '../api/objects.js';
import { Resources } from '../api/resources.js';
import type { CommandContext } from '../context.js';

/** Answers meaning "the log is not there yet" (the build has not started): retry. */
const notYetCodes = new Set([400, 409, 425, 503]);

/**
 * Writes a build's log to stdout. With `follow`, waits for a build that has not started yet
 * to produce one, and returns when the server ends the stream (the build finished).
 */
export async function printBuildLog(
  ctx: CommandContext,
  name: string,
  options: { follow: boolean; tailLines?: number },
): Promise<void> {
  for (;;) {
    try {
      await streamBuildLog(ctx.client, ctx.namespace, name, options, (chunk) =>
        ctx.env.stdout.write(chunk),
      );
      return;
    } catch (error) {
      if (!options.follow || !(error instanceof ApiError) || !notYetCodes.has(error.code)) {
        throw error;
      }
      const build = await getObject<Build>(ctx.client, Resources.builds, ctx.namespace, name);
      if (isFinished(build)) {
        throw error;
      }
      await ctx.env.sleep(1000);
    }
  }
}
