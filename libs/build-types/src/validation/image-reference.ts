// Pull-spec grammar of the distribution reference library, which OpenShift's parser follows.
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const pullSpecRe = new RegExp(
  `^(?:${domain}/)?${pathComponent}(?:/${pathComponent})*(?::${tag})?(?:@${digest})?$`,
);

/** True when `name` parses as a container image pull spec (`[registry/]repo[:tag][@digest]`). */
export const isDockerPullSpec = (name: string): boolean =>
  name.length <= 255 * 2 && pullSpecRe.test(name);

/** Splits `stream:tag`; undefined unless there is exactly one colon with text on both sides. */
export const splitImageStreamTag = (name: string): { stream: string; tag: string } | undefined => {
  const parts = name.split(':');
  const [stream, streamTag] = parts;
  if (parts.length !== 2 || !stream || !streamTag) {
    return undefined;
  }
  return { stream, tag: streamTag };
};

/** Splits `stream@id` (ImageStreamImage); undefined when malformed. */
export const splitImageStreamImage = (name: string): { stream: string; id: string } | undefined => {
  const parts = name.split('@');
  const [stream, id] = parts;
  if (parts.length !== 2 || !stream || !id) {
    return undefined;
  }
  return { stream, id };
};
