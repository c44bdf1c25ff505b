import { BuildAnnotation, type Build, type BuildConfig } from '@kiln/build-types';
import { DescribeWriter } from '../output/describe-writer.js';
import { buildDuration } from '../output/columns.js';
import { formatTable } from '../output/table.js';
import { describeCommonSpec, describeMeta } from './common-spec.js';
import { otherTriggers, webhookUrls } from './webhooks.js';

/** How many recent builds `describe bc` lists. */
export const recentBuildsShown = 10;

const buildNumber = (build: Build): number =>
  Number(build.metadata.annotations?.[BuildAnnotation.BuildNumber] ?? 0) || 0;

/** Newest first: by build number, then by creation time. */
export function newestFirst(builds: readonly Build[]): Build[] {
  return [...builds].sort(
    (a, b) =>
      buildNumber(b) - buildNumber(a) ||
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
  );
}

export function describeBuildConfig(
  bc: BuildConfig,
  builds: readonly Build[],
  server: string,
  now: number,
): string {
  const w = new DescribeWriter();
  describeMeta(w, bc.metadata, now);
  w.field('Latest Version', bc.status?.lastVersion ?? 0);
  w.blank();
  describeCommonSpec(w, bc.spec);
  w.blank();
  w.field('Build Run Policy', bc.spec.runPolicy ?? 'Serial');
  w.field('Triggered by', otherTriggers(bc));
  for (const hook of webhookUrls(server, bc)) {
    w.heading(`Webhook ${hook.type}`);
    w.field('URL', hook.url, 2);
    if (hook.allowEnv !== undefined) {
      w.field('AllowEnv', String(hook.allowEnv), 2);
    }
  }
  w.heading('Builds History Limit');
  w.field('Successful', bc.spec.successfulBuildsHistoryLimit ?? 5, 2);
  w.field('Failed', bc.spec.failedBuildsHistoryLimit ?? 5, 2);
  w.blank();
  const recent = newestFirst(builds).slice(0, recentBuildsShown);
  if (recent.length === 0) {
    w.text('No builds yet.');
  } else {
    const table = {
      headers: ['Build', 'Status', 'Duration', 'Creation Time'],
      rows: recent.map((b) => [
        b.metadata.name ?? '',
        (b.status?.phase ?? 'New').toLowerCase(),
        buildDuration(b, now),
        b.metadata.creationTimestamp ?? '',
      ]),
    };
    formatTable(table).forEach((line) => w.text(line));
  }
  return w.render();
}
