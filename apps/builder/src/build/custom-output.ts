import type { Build } from '@kiln/build-types';
import {
  apiHost,
  credentialsForRegistry,
  inspectImage,
  manifestReference,
  parseImageReference,
  RegistryClient,
} from '@kiln/artifact-store';
import type { EventOf } from '@kiln/events';
import { objectKey, StageFailure, type ResolvedObjects } from '@kiln/service-kit';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
type BuiltImage = EventOf<'kiln.v1.stage.image.built'>['image'];

/**
 * What a custom builder pushed: OUTPUT_IMAGE read back from its registry with the push secret
 * (the farm's own registry through `farm`). No OUTPUT_IMAGE (no output) is a build without an
 * image, as OpenShift allows.
 */
export async function customOutput(
  job: Job,
  objects: ResolvedObjects,
  farm: { host: string; registry: RegistryClient },
): Promise<BuiltImage> {
  const output = job.custom?.env.find((e) => e.name === 'OUTPUT_IMAGE')?.value;
  if (!output) {
    return { reference: '', digest: '', layers: [] };
  }
  const ref = parseImageReference(output);
  const pushSecret = (job.build as Build).spec.output?.pushSecret?.name;
  const secret = pushSecret
    ? objects.get(objectKey({ kind: 'Secret', name: pushSecret }))
    : undefined;
  const credentials = secret ? credentialsForRegistry(secret, ref.registry) : undefined;
  const client =
    ref.registry === farm.host
      ? farm.registry
      : new RegistryClient({
          host: apiHost(ref.registry),
          ...(credentials ? { credentials } : {}),
        });
  try {
    const image = await inspectImage(client, ref.repository, manifestReference(ref));
    return {
      reference: `${ref.registry}/${ref.repository}@${image.digest}`,
      digest: image.digest,
      layers: image.layers,
    };
  } catch (error) {
    throw new StageFailure(
      'PushImageToRegistryFailed',
      `the custom builder finished but ${output} cannot be read back: ${(error as Error).message}`,
    );
  }
}
