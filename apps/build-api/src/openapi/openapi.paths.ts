/** One operation of the REST API, as the OpenAPI document and the HTML page describe it. */
export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** Role the bearer token needs in the namespace; `public` authenticates otherwise. */
  access: 'view' | 'edit' | 'admin' | 'token' | 'public';
  /** Schema (component name) of the body, with the media types accepted. */
  body?: { schema: string; types: readonly string[] };
  /** Schema (component name) of a 2xx JSON answer, or a media type for a raw one. */
  answer: { status: number; schema?: string; type?: string };
  query?: readonly { name: string; description: string; type?: 'string' | 'integer' | 'boolean' }[];
};

const BUILD = '/apis/build.openshift.io/v1/namespaces/{namespace}';
const CORE = '/api/v1/namespaces';
const IMAGE = '/apis/image.openshift.io/v1/namespaces/{namespace}';
const OBJECT = ['application/json', 'application/yaml'] as const;
const JSON_ONLY = ['application/json'] as const;
const PATCH = ['application/merge-patch+json', 'application/json-patch+json'] as const;

const listQuery = [
  {
    name: 'labelSelector',
    description:
      'Label selector as Kubernetes reads it: `key=value`, `key!=value`, `key in (a,b)`, `key notin (a)`, `key`, `!key`, comma-separated.',
  },
  { name: 'limit', description: 'Page size.', type: 'integer' },
  { name: 'continue', description: 'Token of the next page, from `metadata.continue`.' },
] as const;

/** Collections served through CollectionResponder also watch. */
const watchQuery = [
  ...listQuery,
  {
    name: 'watch',
    description: 'Stream ADDED/MODIFIED/DELETED events, one JSON object a line.',
    type: 'boolean',
  },
  {
    name: 'resourceVersion',
    description:
      'Watch the changes after this version (from a list); without it, the current objects come first as ADDED.',
  },
  {
    name: 'timeoutSeconds',
    description: 'End the watch after this many seconds.',
    type: 'integer',
  },
] as const;

/**
 * Reads, writes, patches and lists of a namespaced kind stored whole. `readAccess`: the role a
 * read needs (Secrets: edit, as their values come with every read).
 */
function crud(
  base: string,
  plural: string,
  kind: string,
  list: string,
  readAccess: 'view' | 'edit' = 'view',
): Operation[] {
  return [
    {
      method: 'get',
      path: base,
      summary: `List ${plural}`,
      access: readAccess,
      answer: { status: 200, schema: list },
      query: watchQuery,
    },
    {
      method: 'post',
      path: base,
      summary: `Create a ${kind}`,
      access: 'edit',
      body: { schema: kind, types: OBJECT },
      answer: { status: 201, schema: kind },
    },
    {
      method: 'get',
      path: `${base}/{name}`,
      summary: `Read a ${kind}`,
      access: readAccess,
      answer: { status: 200, schema: kind },
    },
    {
      method: 'put',
      path: `${base}/{name}`,
      summary: `Replace a ${kind} (resourceVersion checked)`,
      access: 'edit',
      body: { schema: kind, types: OBJECT },
      answer: { status: 200, schema: kind },
    },
    {
      method: 'patch',
      path: `${base}/{name}`,
      summary: `Patch a ${kind} (merge patch or JSON patch)`,
      access: 'edit',
      body: { schema: kind, types: PATCH },
      answer: { status: 200, schema: kind },
    },
    {
      method: 'delete',
      path: `${base}/{name}`,
      summary: `Delete a ${kind}`,
      access: 'edit',
      answer: { status: 200, schema: 'Status' },
    },
  ];
}

// prettier-ignore
/** Every route of the REST API (probes and metrics aside). */
export const operations: readonly Operation[] = [
  ...crud(`${BUILD}/buildconfigs`, 'BuildConfigs', 'BuildConfig', 'BuildConfigList'),
  { method: 'post', path: `${BUILD}/buildconfigs/{name}/instantiate`, summary: 'Start a build of the BuildConfig', access: 'edit', body: { schema: 'BuildRequest', types: OBJECT }, answer: { status: 201, schema: 'Build' } },
  { method: 'post', path: `${BUILD}/buildconfigs/{name}/instantiatebinary`, summary: 'Start a binary build, streaming its source (tar, tar.gz, zip, or one file with asFile) in the body', access: 'edit', body: { schema: 'Binary', types: ['application/octet-stream'] }, answer: { status: 201, schema: 'Build' }, query: [
    { name: 'asFile', description: 'Keep the body as this single file instead of extracting it.' },
    { name: 'revision.commit', description: 'Commit recorded as the build revision.' },
    { name: 'revision.message', description: 'Commit message.' },
    { name: 'revision.authorName', description: 'Author name.' },
    { name: 'revision.authorEmail', description: 'Author e-mail.' },
    { name: 'revision.committerName', description: 'Committer name.' },
    { name: 'revision.committerEmail', description: 'Committer e-mail.' },
  ] },
  { method: 'post', path: `${BUILD}/buildconfigs/{name}/webhooks/{secret}/{type}`, summary: 'Webhook trigger (type github, gitlab, bitbucket or generic); authenticated by its secret', access: 'public', body: { schema: 'WebhookPayload', types: JSON_ONLY }, answer: { status: 200, schema: 'Status' } },
  { method: 'get', path: `${BUILD}/builds`, summary: 'List builds', access: 'view', answer: { status: 200, schema: 'BuildList' }, query: [
    ...watchQuery,
    { name: 'fieldSelector', description: '`status.phase=PHASE` or `status.phase!=PHASE`.' },
  ] },
  { method: 'get', path: `${BUILD}/builds/{name}`, summary: 'Read a build', access: 'view', answer: { status: 200, schema: 'Build' } },
  { method: 'put', path: `${BUILD}/builds/{name}`, summary: 'Update a build: only `status.cancelled: true` (cancel) is accepted', access: 'edit', body: { schema: 'Build', types: OBJECT }, answer: { status: 200, schema: 'Build' } },
  { method: 'patch', path: `${BUILD}/builds/{name}`, summary: 'Patch a build: only `status.cancelled: true` (cancel) is accepted', access: 'edit', body: { schema: 'Build', types: ['application/merge-patch+json', 'application/json'] }, answer: { status: 200, schema: 'Build' } },
  { method: 'post', path: `${BUILD}/builds/{name}/clone`, summary: 'Start a new build with the spec of this one', access: 'edit', body: { schema: 'BuildRequest', types: OBJECT }, answer: { status: 201, schema: 'Build' } },
  { method: 'delete', path: `${BUILD}/builds/{name}`, summary: 'Delete a build, cancelling it first if it has not ended', access: 'edit', answer: { status: 200, schema: 'Status' } },
  { method: 'get', path: `${BUILD}/builds/{name}/dockerfile`, summary: 'The Dockerfile the build used (generated for S2I)', access: 'view', answer: { status: 200, type: 'text/plain' } },
  { method: 'get', path: '/apis/user.openshift.io/v1/users/~', summary: 'Who the bearer token is, and its roles (`oc whoami`)', access: 'token', answer: { status: 200, schema: 'User' } },
  { method: 'get', path: `${BUILD}/builds/{name}/log`, summary: 'The build log, followed live with follow=true', access: 'view', answer: { status: 200, type: 'text/plain' }, query: [
    { name: 'follow', description: 'Stream until the build ends.', type: 'boolean' },
    { name: 'tailLines', description: 'Only the last N lines.', type: 'integer' },
  ] },
  { method: 'get', path: CORE, summary: 'List the namespaces the token has a role in', access: 'token', answer: { status: 200, schema: 'NamespaceList' }, query: [listQuery[0]] },
  { method: 'post', path: CORE, summary: 'Create a namespace', access: 'admin', body: { schema: 'Namespace', types: OBJECT }, answer: { status: 201, schema: 'Namespace' } },
  { method: 'get', path: `${CORE}/{namespace}`, summary: 'Read a namespace', access: 'view', answer: { status: 200, schema: 'Namespace' } },
  { method: 'delete', path: `${CORE}/{namespace}`, summary: 'Delete a namespace and everything in it', access: 'admin', answer: { status: 200, schema: 'Namespace' } },
  ...crud(`${CORE}/{namespace}/secrets`, 'Secrets', 'Secret', 'SecretList', 'edit'),
  ...crud(`${CORE}/{namespace}/configmaps`, 'ConfigMaps', 'ConfigMap', 'ConfigMapList'),
  ...crud(`${IMAGE}/imagestreams`, 'ImageStreams', 'ImageStream', 'ImageStreamList'),
  { method: 'get', path: `${IMAGE}/imagestreamtags`, summary: 'List the tags of every ImageStream', access: 'view', answer: { status: 200, schema: 'ImageStreamTagList' } },
  { method: 'get', path: `${IMAGE}/imagestreamtags/{name}`, summary: 'Read a tag (`stream:tag`): its image, by digest', access: 'view', answer: { status: 200, schema: 'ImageStreamTag' } },
  { method: 'post', path: `${IMAGE}/imagestreamtags`, summary: 'Create a tag (`oc tag`): `tag.from` names the source', access: 'edit', body: { schema: 'ImageStreamTag', types: OBJECT }, answer: { status: 201, schema: 'ImageStreamTag' } },
  { method: 'put', path: `${IMAGE}/imagestreamtags/{name}`, summary: 'Set a tag (`oc tag`)', access: 'edit', body: { schema: 'ImageStreamTag', types: OBJECT }, answer: { status: 200, schema: 'ImageStreamTag' } },
  { method: 'delete', path: `${IMAGE}/imagestreamtags/{name}`, summary: 'Delete a tag from its ImageStream', access: 'edit', answer: { status: 200, schema: 'Status' } },
  { method: 'post', path: `${IMAGE}/imagestreamimports`, summary: 'Import external images into tags of an ImageStream now (`oc import-image`)', access: 'edit', body: { schema: 'ImageStreamImport', types: OBJECT }, answer: { status: 201, schema: 'ImageStreamImport' } },
];
