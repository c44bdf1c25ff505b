import type { Build as ApiBuild } from '@kiln/build-types';
import { run, type Build, type Farm } from './farm.js';

/** What only the test knows about a pushed image: the USER and CMD its Dockerfile or builder set. */
export type ExpectedImage = {
  /** `''` when nothing set a user (the base image has none). */
  user: string;
  cmd: string[];
  /** `user:password` for a registry with auth. */
  creds?: string;
};

type ImageConfig = {
  config: { User?: string; Cmd?: string[] | null; Env?: string[]; Labels?: Record<string, string> };
};

/** The pushed image itself, by digest: the tag may have moved on since. */
function pushedImage(build: Build): string {
  const reference = build.status.outputDockerImageReference ?? '';
  const digest = build.status.output?.to?.imageDigest ?? '';
  expect({ reference, digest }).toEqual({
    reference: expect.stringMatching(/\//) as unknown,
    digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown,
  });
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return `${colon > slash ? reference.slice(0, colon) : reference}@${digest}`;
}

/**
 * Checks the image a completed build pushed, as OpenShift writes it (reference §2.2, §3.2): env
 * OPENSHIFT_BUILD_NAME/NAMESPACE, and for git sources SOURCE, REFERENCE (when a ref is set) and
 * COMMIT = the build's revision; labels io.openshift.build.commit.id/ref and source-location for
 * git sources, io.openshift.build.name/namespace for Docker builds (S2I builds get
 * io.openshift.build.image instead); and the user and cmd the test expects.
 */
export async function expectBuildImage(
  farm: Farm,
  build: Build,
  expected: ExpectedImage,
): Promise<void> {
  expect(build.status.phase).toBe('Complete');
  const { stdout } = await run('skopeo', [
    'inspect',
    '--config',
    '--tls-verify=false',
    ...(expected.creds ? [`--creds=${expected.creds}`] : []),
    `docker://${pushedImage(build)}`,
  ]);
  const config = (JSON.parse(stdout) as ImageConfig).config;
  const spec = build.spec as ApiBuild['spec'];
  const name = build.metadata.name;
  const namespace = build.metadata.namespace ?? farm.namespace;
  const env = [`OPENSHIFT_BUILD_NAME=${name}`, `OPENSHIFT_BUILD_NAMESPACE=${namespace}`];
  const labels: Record<string, string> = {};
  const git = spec.source?.git;
  if (git) {
    const commit = spec.revision?.git?.commit ?? '';
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    env.push(`OPENSHIFT_BUILD_SOURCE=${git.uri}`, `OPENSHIFT_BUILD_COMMIT=${commit}`);
    labels['io.openshift.build.commit.id'] = commit;
    labels['io.openshift.build.source-location'] = git.uri;
    if (git.ref) {
      env.push(`OPENSHIFT_BUILD_REFERENCE=${git.ref}`);
      labels['io.openshift.build.commit.ref'] = git.ref;
    }
  }
  const builder = spec.strategy.sourceStrategy?.from.name;
  if (spec.strategy.type === 'Source') {
    labels['io.openshift.build.image'] = builder ?? '';
    // Upstream's s2iBuildLabels adds no name/namespace; any such label came from the builder.
    expect(config.Labels?.['io.openshift.build.name']).not.toBe(name);
  } else {
    labels['io.openshift.build.name'] = name;
    labels['io.openshift.build.namespace'] = namespace;
  }
  expect(config.Env ?? []).toEqual(expect.arrayContaining(env));
  expect(config.Labels ?? {}).toMatchObject(labels);
  expect({ user: config.User ?? '', cmd: config.Cmd ?? [] }).toEqual({
    user: expected.user,
    cmd: expected.cmd,
  });
}

/** The CMD an S2I build writes when the run script comes from the builder image (shell form). */
export const s2iRunCmd = (scriptsDir = '/usr/libexec/s2i'): string[] => [
  '/bin/sh',
  '-c',
  `${scriptsDir}/run`,
];
