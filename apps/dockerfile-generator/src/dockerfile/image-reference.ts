import { DockerfileGenerationError } from './dockerfile-errors.js';

// Registry, path, tag and digest characters only: nothing that can end a line, add a word
// or continue onto the next line.
const SAFE_IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/;

/** Throws unless `image` is a plain image reference that is safe to write into a Dockerfile. */
export function assertImageReference(image: string, what: string): string {
  if (!SAFE_IMAGE.test(image)) {
    throw new DockerfileGenerationError(
      `${what} is not a valid image reference: ${JSON.stringify(image)}`,
    );
  }
  return image;
}

const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io', 'docker.io']);

/**
 * Upstream's "daemon minimal" form of the `from` override: Docker Hub spelled `docker.io`,
 * its `library/` namespace dropped, and a `latest` tag dropped.
 */
export function daemonMinimalImage(image: string): string {
  const at = image.indexOf('@');
  const name = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? '' : image.slice(at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > slash;
  let repo = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : '';
  const [first, ...others] = repo.split('/');
  if (first !== undefined && DOCKER_HUB_ALIASES.has(first) && others.length > 0) {
    const path = others[0] === 'library' && others.length > 1 ? others.slice(1) : others;
    repo = ['docker.io', ...path].join('/');
  }
  return `${repo}${tag === '' || tag === 'latest' ? '' : `:${tag}`}${digest}`;
}
