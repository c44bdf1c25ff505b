/**
 * The `openshift` namespace's builder image streams, made from the farm's own S2I images
 * (infra/images), so that BuildConfigs exported from a cluster (`nodejs:18-ubi8` in namespace
 * `openshift`) build unchanged. `latest` imports the farm image (scheduled, and build-api also
 * moves it at once when the image is pushed again); the version tags track `latest`.
 */
export const BUILDER_STREAMS = [
  {
    name: 'nodejs',
    image: 'kiln/s2i-nodejs',
    versions: ['18', '20', '22', '18-ubi8', '20-ubi8', '20-ubi9', '22-ubi9'],
  },
  { name: 'httpd', image: 'kiln/s2i-static', versions: ['2.4', '2.4-el8', '2.4-ubi8', '2.4-ubi9'] },
  { name: 'static', image: 'kiln/s2i-static', versions: [] },
] as const;

export const BUILDER_NAMESPACE = 'openshift';

const IMAGES = `/apis/image.openshift.io/v1/namespaces/${BUILDER_NAMESPACE}`;

/** One call to build-api. */
export type ApiCall = { method: 'POST' | 'PUT'; path: string; body: Record<string, unknown> };

/** The import that points `<stream>:latest` at the farm image, by digest. */
export function importCall(registry: string, stream: { name: string; image: string }): ApiCall {
  return {
    method: 'POST',
    path: `${IMAGES}/imagestreamimports`,
    body: {
      kind: 'ImageStreamImport',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: stream.name },
      spec: {
        import: true,
        images: [
          {
            from: { kind: 'DockerImage', name: `${registry}/${stream.image}:latest` },
            to: { name: 'latest' },
            importPolicy: { scheduled: true, insecure: true },
            referencePolicy: { type: 'Source' },
          },
        ],
      },
    },
  };
}

/** `oc tag --alias <stream>:latest <stream>:<version>`: the version follows `latest`. */
export function aliasCall(stream: string, version: string): ApiCall {
  const name = `${stream}:${version}`;
  return {
    method: 'PUT',
    path: `${IMAGES}/imagestreamtags/${name}`,
    body: {
      kind: 'ImageStreamTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name },
      tag: {
        name: version,
        from: { kind: 'ImageStreamTag', name: `${stream}:latest` },
        referencePolicy: { type: 'Source' },
      },
    },
  };
}

type ImportAnswer = {
  status?: {
    images?: {
      status?: { status?: string; message?: string };
      image?: { dockerImageReference?: string };
    }[];
  };
};

/**
 * Creates (or refreshes) the builder streams through build-api's REST API with the admin
 * token; running it again re-imports, so a rebuilt builder image moves the streams (and the
 * ImageChange triggers watching them fire).
 */
export async function createBuilderStreams(
  api: string,
  token: string,
  registry: string,
  say: (line: string) => void,
): Promise<void> {
  const send = async (call: ApiCall): Promise<Response> =>
    fetch(`${api}${call.path}`, {
      method: call.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(call.body),
    });
  const namespace = await send({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { metadata: { name: BUILDER_NAMESPACE } },
  });
  if (!namespace.ok && namespace.status !== 409) {
    throw new Error(`creating namespace ${BUILDER_NAMESPACE}: ${await namespace.text()}`);
  }
  for (const stream of BUILDER_STREAMS) {
    const answer = await send(importCall(registry, stream));
    const result = ((await answer.json()) as ImportAnswer).status?.images?.[0];
    if (!answer.ok || result?.status?.status !== 'Success') {
      throw new Error(
        `importing ${registry}/${stream.image}:latest into ${BUILDER_NAMESPACE}/${stream.name}: ${result?.status?.message ?? answer.statusText} (were the farm images pushed? bash infra/images/build-images.sh)`,
      );
    }
    for (const version of stream.versions) {
      const alias = await send(aliasCall(stream.name, version));
      if (!alias.ok) {
        throw new Error(`tagging ${stream.name}:${version}: ${await alias.text()}`);
      }
    }
    const tags = ['latest', ...stream.versions].join(', ');
    say(`  ${`${BUILDER_NAMESPACE}/${stream.name}`.padEnd(22)} ${tags}`);
    say(`  ${''.padEnd(22)} ${result.image?.dockerImageReference ?? ''}`);
  }
}
