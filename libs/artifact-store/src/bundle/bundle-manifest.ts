import {
  emptyConfig,
  formatAnnotation,
  layerMediaType,
  MediaTypes,
  type SourceFormat,
} from './media-types.js';

export type Descriptor = {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  data?: string;
};
export type ImageManifest = {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
};

/**
 * The OCI image manifest of a source bundle (the OCI 1.1 artifact form: artifactType plus the
 * empty config). docker-registry 2.8 keeps the manifest bytes as sent, so the artifactType field
 * survives even though that registry predates it. Fixed key order: same bundle, same digest.
 */
export function bundleManifest(layer: {
  digest: string;
  size: number;
  format: SourceFormat;
}): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MediaTypes.imageManifest,
    artifactType: MediaTypes.sourceArtifact,
    config: {
      mediaType: MediaTypes.empty,
      digest: emptyConfig.digest,
      size: emptyConfig.size,
      data: emptyConfig.bytes.toString('base64'),
    },
    layers: [
      {
        mediaType: layerMediaType(layer.format),
        digest: layer.digest,
        size: layer.size,
        annotations: { [formatAnnotation]: layer.format },
      },
    ],
  };
}

/** The parts of a pulled manifest that pullBundle needs, or a reason it is not a source bundle. */
export function readBundleManifest(body: Buffer): { layer: Descriptor } | { problem: string } {
  let manifest: Partial<ImageManifest>;
  try {
    manifest = JSON.parse(body.toString('utf8')) as Partial<ImageManifest>;
  } catch {
    return { problem: 'the manifest is not JSON' };
  }
  if (manifest.artifactType !== MediaTypes.sourceArtifact) {
    return {
      problem: `its artifactType is ${JSON.stringify(manifest.artifactType ?? null)}, not ${MediaTypes.sourceArtifact}`,
    };
  }
  const layers = manifest.layers ?? [];
  if (layers.length !== 1 || !layers[0]) {
    return { problem: `it has ${layers.length} layers, a source bundle has exactly one` };
  }
  return { layer: layers[0] };
}
