import type { Build, BuildTriggerCause, StageInfo } from '@kiln/build-types';
import { ago, formatDuration } from '../output/age.js';
import { buildDuration, buildStatusCell } from '../output/columns.js';
import { DescribeWriter } from '../output/describe-writer.js';
import { describeCommonSpec, describeMeta, describeRevision } from './common-spec.js';

const webhookCauses = [
  ['githubWebHook', 'GitHub WebHook'],
  ['gitlabWebHook', 'GitLab WebHook'],
  ['bitbucketWebHook', 'Bitbucket WebHook'],
  ['genericWebHook', 'Generic WebHook'],
] as const;

function describeCause(w: DescribeWriter, cause: BuildTriggerCause): void {
  const hook = webhookCauses.find(([field]) => cause[field]);
  if (hook) {
    w.field('Build trigger cause', cause.message || hook[1]);
    describeRevision(w, cause[hook[0]]?.revision);
    return;
  }
  const image = cause.imageChangeBuild;
  if (image) {
    w.field('Build trigger cause', cause.message || 'Image change');
    w.optional('Image ID', image.imageID);
    w.optional(
      'Image Name/Kind',
      image.fromRef?.name ? `${image.fromRef.name} / ${image.fromRef.kind ?? ''}` : '',
    );
    return;
  }
  w.field('Build trigger cause', cause.message || '<unknown>');
}

function describeStages(w: DescribeWriter, stages: readonly StageInfo[]): void {
  for (const stage of stages) {
    w.field(stage.name, formatDuration(stage.durationMilliseconds ?? 0), 2);
    for (const step of stage.steps ?? []) {
      w.field(step.name, formatDuration(step.durationMilliseconds ?? 0), 4);
    }
  }
}

/** `oc describe build`, plus the Dockerfile the build used when the API has it. */
export function describeBuild(build: Build, now: number, dockerfile?: string): string {
  const status = build.status;
  const w = new DescribeWriter();
  describeMeta(w, build.metadata, now);
  w.blank();
  w.field('Status', buildStatusCell(build));
  w.optional('Message', status?.message);
  if (status?.cancelled && status.phase !== 'Cancelled') {
    w.field('Cancellation', 'requested');
  }
  w.field(
    'Started',
    status?.startTimestamp ? `${status.startTimestamp} (${ago(status.startTimestamp, now)})` : '',
  );
  w.optional('Completed', status?.completionTimestamp);
  w.field('Duration', buildDuration(build, now) || '<none>');
  describeStages(w, status?.stages ?? []);
  w.blank();
  w.optional('Build Config', status?.config?.name);
  w.optional('Output Image', status?.outputDockerImageReference);
  w.optional('Image Digest', status?.output?.to?.imageDigest);
  w.blank();
  describeCommonSpec(w, build.spec);
  w.blank();
  for (const cause of build.spec.triggeredBy ?? []) {
    describeCause(w, cause);
  }
  if (status?.logSnippet) {
    w.blank();
    w.heading('Log Tail');
    w.text(status.logSnippet, 2);
  }
  if (dockerfile) {
    w.blank();
    w.heading('Dockerfile');
    w.text(dockerfile, 2);
  }
  return w.render();
}
