import type { CommonSpec, EnvVar, ObjectMeta, SourceRevision } from '@kiln/build-types';
import { ago } from '../output/age.js';
import type { DescribeWriter } from '../output/describe-writer.js';
import { describeReference, strategyFrom, strategyType } from '../output/source-summary.js';

export const formatMap = (map: Record<string, string> | null | undefined): string =>
  Object.entries(map ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export const formatEnv = (env: readonly EnvVar[] | null | undefined): string =>
  (env ?? [])
    .map((e) => (e.valueFrom ? `${e.name} (from a reference)` : `${e.name}=${e.value ?? ''}`))
    .join(', ');

/** Name, Namespace, Created, Labels, Annotations. */
export function describeMeta(w: DescribeWriter, meta: ObjectMeta, now: number): void {
  w.field('Name', meta.name);
  w.field('Namespace', meta.namespace);
  w.field('Created', ago(meta.creationTimestamp, now));
  w.field('Labels', formatMap(meta.labels));
  w.field('Annotations', formatMap(meta.annotations));
}

export function describeRevision(w: DescribeWriter, revision: SourceRevision | null | undefined) {
  const git = revision?.git;
  if (!git?.commit) {
    return;
  }
  const subject = git.message?.split('\n')[0];
  w.field('Commit', subject ? `${git.commit} (${subject})` : git.commit);
  const person = (p: { name?: string | null; email?: string | null } | null | undefined) =>
    p?.name ? (p.email ? `${p.name} <${p.email}>` : p.name) : '';
  const author = person(git.author);
  const committer = person(git.committer);
  if (author || committer) {
    w.field(
      'Author/Committer',
      committer && committer !== author ? `${author} / ${committer}` : author,
    );
  }
}

/** Strategy, source, images, env and output: what a BuildConfig and its builds share. */
export function describeCommonSpec(w: DescribeWriter, spec: CommonSpec): void {
  const source = spec.source ?? {};
  const strategy = spec.strategy;
  w.field('Strategy', strategyType(spec));
  if (source.git) {
    w.field('URL', source.git.uri);
    w.optional('Ref', source.git.ref);
  }
  if (source.binary) {
    w.field(
      'Binary',
      source.binary.asFile
        ? `provided as file "${source.binary.asFile}" on build`
        : 'provided on build',
    );
  }
  w.optional('Context Dir', source.contextDir);
  w.optional('Source Secret', source.sourceSecret?.name);
  describeRevision(w, spec.revision);
  w.optional('Dockerfile Path', strategy.dockerStrategy?.dockerfilePath);
  w.optional('From Image', describeReference(strategyFrom(spec)));
  w.optional('Pull Secret', (strategy.dockerStrategy ?? strategy.sourceStrategy)?.pullSecret?.name);
  if (strategy.dockerStrategy?.noCache) {
    w.field('No Cache', 'true');
  }
  if (strategy.sourceStrategy?.incremental) {
    w.field('Incremental Build', 'yes');
  }
  w.optional('Build Args', formatEnv(strategy.dockerStrategy?.buildArgs));
  w.optional(
    'Environment',
    formatEnv(
      strategy.dockerStrategy?.env ?? strategy.sourceStrategy?.env ?? strategy.customStrategy?.env,
    ),
  );
  w.field('Output to', describeReference(spec.output?.to));
  w.optional('Push Secret', spec.output?.pushSecret?.name);
  w.optional(
    'Image Labels',
    (spec.output?.imageLabels ?? []).map((l) => `${l.name}=${l.value ?? ''}`).join(', '),
  );
  if (
    spec.postCommit &&
    (spec.postCommit.script || spec.postCommit.command || spec.postCommit.args)
  ) {
    const hook =
      spec.postCommit.script ??
      [...(spec.postCommit.command ?? []), ...(spec.postCommit.args ?? [])].join(' ');
    w.field('Post Commit Hook', hook);
  }
  if (source.dockerfile) {
    w.heading('Inline Dockerfile');
    w.text(source.dockerfile, 2);
  }
}
