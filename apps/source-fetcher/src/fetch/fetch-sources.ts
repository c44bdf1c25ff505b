import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '@kiln/artifact-store';
import { BinarySource } from '../binary/binary-source.js';
import type { SourceFetcherConfig } from '../config/source-fetcher.config.js';
import { GitSource } from '../git/git-source.js';
import { GitRunner } from '../git/git.runner.js';
import { ImageContent } from '../images/image-content.js';
import type { TreeLimits } from '../tree/source-tree.js';

export type FetchSources = {
  registry: RegistryClient;
  git: GitSource;
  binary: BinarySource;
  images: ImageContent;
  limits: TreeLimits;
};

/** The kinds of input a fetch draws on, configured from the app's env. */
export function fetchSources(config: SourceFetcherConfig): FetchSources {
  const limits = { maxBytes: config.KILN_MAX_SOURCE_BYTES, maxFiles: config.KILN_MAX_SOURCE_FILES };
  const registry = new RegistryClient({ host: config.REGISTRY_HOST, insecure: true });
  // An empty template dir: clones get no sample hooks, description or exclude file.
  const templateDir = join(config.KILN_WORK_DIR, 'git-template');
  mkdirSync(templateDir, { recursive: true });
  const runner = new GitRunner({ allowLocal: config.KILN_ALLOW_LOCAL_GIT, templateDir });
  const shared = config.KILN_IMAGE_STORAGE_ROOT;
  const driver = config.KILN_IMAGE_STORAGE_DRIVER;
  return {
    registry,
    limits,
    git: new GitSource(runner, {
      allowLocal: config.KILN_ALLOW_LOCAL_GIT,
      timeoutSeconds: config.KILN_CLONE_TIMEOUT_SECONDS,
      limits,
    }),
    binary: new BinarySource(registry, { ...limits, maxDepth: config.KILN_MAX_SOURCE_DEPTH }),
    images: new ImageContent({
      sharedStorage: shared
        ? { root: join(shared, 'root'), runroot: join(shared, 'run'), driver }
        : undefined,
      driver,
      insecureRegistries: [config.REGISTRY_HOST, ...config.KILN_INSECURE_REGISTRIES],
      limits,
    }),
  };
}
