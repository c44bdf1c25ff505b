import { z } from 'zod';
import type { JsonSchema } from './document.js';
import { CLOUD_EVENT, envelopeAttributes, sharedSchemas } from './shared-schemas.js';

/**
 * JSON Schemas (draft-07, which AsyncAPI schemas extend) of the named zod schemas and of the
 * shared ones, by `z.toJSONSchema`; the schemas they use refer to one another under
 * `#/components/schemas/`. `io: 'input'` describes what a receiver's validation accepts.
 */
export function toJsonSchemas(named: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const ids = new Set<string>();
  const add = (id: string, schema: z.ZodType) => {
    if (ids.has(id)) {
      throw new Error(`two schemas are named ${id}`);
    }
    ids.add(id);
    registry.add(schema, { id });
  };
  for (const { id, schema } of sharedSchemas) {
    add(id, schema);
  }
  for (const [id, schema] of Object.entries(named)) {
    // A clone: one schema may stand for several messages (every stage failure shares one).
    add(id, schema.clone());
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const converted: Record<string, JsonSchema> = {};
  for (const [id, { $schema: _dialect, $id: _id, ...schema }] of Object.entries(schemas)) {
    const description = sharedSchemas.find((s) => s.id === id)?.description;
    converted[id] = description ? { description, ...schema } : schema;
  }
  converted[CLOUD_EVENT] = describeAttributes(converted[CLOUD_EVENT]!);
  return converted;
}

function describeAttributes(envelope: JsonSchema): JsonSchema {
  const properties = Object.entries(envelope.properties as Record<string, JsonSchema>);
  return {
    ...envelope,
    properties: Object.fromEntries(
      properties.map(([name, property]) => [
        name,
        { ...property, description: envelopeAttributes[name as keyof typeof envelopeAttributes] },
      ]),
    ),
  };
}

/** The schemas `from` refers to, directly or through one another: those the document needs. */
export function referencedSchemas(
  from: unknown,
  schemas: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const name =
          key === '$ref' && typeof value === 'string'
            ? /^#\/components\/schemas\/(.+)$/.exec(value)?.[1]
            : undefined;
        if (name !== undefined && !found.has(name)) {
          found.add(name);
          visit(schemas[name]);
        }
        visit(value);
      }
    }
  };
  visit(from);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => found.has(name)));
}
