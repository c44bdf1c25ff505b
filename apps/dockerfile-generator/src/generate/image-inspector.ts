import { Inject, Injectable } from '@nestjs/common';
import {
  apiHost,
  credentialsForRegistry,
  inspectImage,
  isPlainHttpRegistry,
  manifestReference,
  parseImageReference,
  RegistryClient,
  type InspectedImage,
} from '@kiln/artifact-store';
import type { ResolvedObject } from '@kiln/events';
import {
  DOCKERFILE_GENERATOR_CONFIG,
  type DockerfileGeneratorConfig,
} from '../config/dockerfile-generator.config.js';

/** Reads image configs (labels, USER) from any registry without pulling layers. */
@Injectable()
export class ImageInspector {
  constructor(
    @Inject(DOCKERFILE_GENERATOR_CONFIG) private readonly config: DockerfileGeneratorConfig,
  ) {}

  /** A client for the registry of `image`, with the pull secret's credentials for that host. */
  clientFor(
    image: string,
    pullSecret?: ResolvedObject,
  ): { client: RegistryClient; repository: string; reference: string } {
    const ref = parseImageReference(image);
    const host = apiHost(ref.registry);
    const credentials = pullSecret ? credentialsForRegistry(pullSecret, ref.registry) : undefined;
    const client = new RegistryClient({
      host,
      ...(credentials ? { credentials } : {}),
      ...(isPlainHttpRegistry(ref.registry, this.config.insecureRegistries)
        ? { insecure: true }
        : {}),
      retry: { budgetMs: 5000 },
    });
    return { client, repository: ref.repository, reference: manifestReference(ref) };
  }

  inspect(image: string, pullSecret?: ResolvedObject): Promise<InspectedImage> {
    const { client, repository, reference } = this.clientFor(image, pullSecret);
    return inspectImage(client, repository, reference);
  }

  /** True when the image can be read with these credentials (incremental builds ask). */
  async exists(image: string, pullSecret?: ResolvedObject): Promise<boolean> {
    const { client, repository, reference } = this.clientFor(image, pullSecret);
    try {
      return await client.manifestExists(repository, reference);
    } catch {
      return false;
    }
  }
}
