/** A minimal valid Docker-strategy BuildConfig; overrides are merged into spec. */
export function aBuildConfig(
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name, ...metadata },
    spec: {
      runPolicy: 'Serial',
      source: { dockerfile: 'FROM 127.0.0.1:5000/kiln/base:latest\nRUN true\n' },
      strategy: { type: 'Docker', dockerStrategy: {} },
      ...spec,
    },
  };
}

export const bcPath = (ns: string, name = ''): string =>
  `/apis/build.openshift.io/v1/namespaces/${ns}/buildconfigs${name ? `/${name}` : ''}`;
export const buildPath = (ns: string, name = ''): string =>
  `/apis/build.openshift.io/v1/namespaces/${ns}/builds${name ? `/${name}` : ''}`;
