import {
  binaryBuildRequestOptionsSchema,
  buildConfigListSchema,
  buildConfigSchema,
  buildListSchema,
  buildRequestSchema,
  buildSchema,
  configMapSchema,
  listMetaSchema,
  objectMetaSchema,
  secretSchema,
  statusSchema,
} from '@kiln/build-types';
import { z } from 'zod';
import {
  imageStreamImportSchema,
  imageStreamSchema,
  imageStreamTagBodySchema,
} from '../imagestreams/image-stream.schema.js';
import { operations, type Operation } from './openapi.paths.js';

const listOf = (item: z.ZodType) =>
  z.looseObject({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: listMetaSchema.optional(),
    items: z.array(item),
  });

const namespaceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema,
  status: z.looseObject({ phase: z.string().optional() }).optional(),
});

/** `oc whoami`'s answer: the token's name, and its role as the one group. */
const userSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema,
  groups: z.array(z.string()),
});

/** The request and answer bodies, from the same zod schemas that validate them. */
const components: Record<string, z.ZodType> = {
  Build: buildSchema,
  BuildList: buildListSchema,
  BuildConfig: buildConfigSchema,
  BuildConfigList: buildConfigListSchema,
  BuildRequest: buildRequestSchema,
  BinaryBuildRequestOptions: binaryBuildRequestOptionsSchema,
  Secret: secretSchema,
  SecretList: listOf(secretSchema),
  ConfigMap: configMapSchema,
  ConfigMapList: listOf(configMapSchema),
  Namespace: namespaceSchema,
  NamespaceList: listOf(namespaceSchema),
  Status: statusSchema,
  WebhookPayload: z.looseObject({}),
  Binary: z.string().meta({ format: 'binary' }),
  ImageStream: imageStreamSchema,
  ImageStreamList: listOf(imageStreamSchema),
  ImageStreamTag: imageStreamTagBodySchema,
  ImageStreamTagList: listOf(imageStreamTagBodySchema),
  ImageStreamImport: imageStreamImportSchema,
  User: userSchema,
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}

/** `get …/v1/namespaces/{namespace}/builds` → `getNamespacesByNamespaceBuilds`: unique per route. */
const operationId = (op: Operation) =>
  op.method +
  op.path
    .replace(/^\/apis?\/(build\.openshift\.io\/)?v1/, '')
    .split('/')
    .filter(Boolean)
    .map((part) =>
      part.startsWith('{') ? `By${part.slice(1, 2).toUpperCase()}${part.slice(2, -1)}` : part,
    )
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function operationObject(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = (op.query ?? []).map((q) => ({
    name: q.name,
    in: 'query',
    required: false,
    description: q.description,
    schema: { type: q.type ?? 'string' },
  }));
  const answer = op.answer.schema
    ? { 'application/json': { schema: ref(op.answer.schema) } }
    : { [op.answer.type ?? 'text/plain']: { schema: { type: 'string' } } };
  const access =
    op.access === 'public'
      ? 'No bearer token.'
      : op.access === 'token'
        ? 'Any valid bearer token.'
        : `Bearer token with role \`${op.access}\` in the namespace.`;
  return {
    summary: op.summary,
    description: access,
    operationId: operationId(op),
    parameters: [...pathParams, ...query],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              op.body.types.map((t) => [t, { schema: ref(op.body!.schema) }]),
            ),
          },
        }
      : {}),
    responses: {
      [String(op.answer.status)]: { description: 'Success', content: answer },
      default: {
        description: 'Failure, as a Kubernetes Status',
        content: { 'application/json': { schema: ref('Status') } },
      },
    },
    ...(op.access === 'public' ? { security: [] } : {}),
  };
}

/** The OpenAPI 3.1 document of the REST API. */
export function openApiDocument(version = '0.1.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    (paths[op.path] ??= {})[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kiln build API',
      version,
      description:
        'OpenShift 4 builds (build.openshift.io/v1) and the core v1 kinds they use, as a standalone service. Errors are Kubernetes Status objects.',
    },
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(components).map(([name, schema]) => [name, jsonSchema(schema)]),
      ),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
}
