import { parseDocuments } from './parse-documents.js';

const template = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'template.openshift.io/v1',
    kind: 'Template',
    metadata: { name: 't' },
    parameters: [
      { name: 'NAME', required: true },
      { name: 'REF', value: 'main' },
      { name: 'REPLICAS', value: '3' },
      { name: 'SECRET', generate: 'expression', from: '[a-f0-9]{8}' },
    ],
    objects: [
      {
        kind: 'BuildConfig',
        metadata: { name: '${NAME}' },
        spec: {
          source: { git: { ref: 'refs/${REF}', uri: 'u' } },
          limit: '${{REPLICAS}}',
          secret: '${SECRET}',
        },
      },
    ],
    ...extra,
  });

const names = (text: string, params?: Record<string, string>) => {
  const result = parseDocuments(text, { params });
  return result.ok
    ? result.objects.map((o) => (o.metadata as { name: string }).name)
    : result.errors;
};

describe(parseDocuments.name, () => {
  it('reads one JSON object', () => {
    expect(names('{"kind":"BuildConfig","metadata":{"name":"a"}}')).toEqual(['a']);
  });

  it('reads one YAML object', () => {
    expect(names('kind: BuildConfig\nmetadata:\n  name: a\n')).toEqual(['a']);
  });

  it('reads a multi-document YAML stream and skips empty documents', () => {
    const text = '---\nkind: A\nmetadata: {name: a}\n---\n---\nkind: B\nmetadata: {name: b}\n---\n';

    expect(names(text)).toEqual(['a', 'b']);
  });

  it('expands a v1 List into its items', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata: {name: b}\n';

    expect(names(text)).toEqual(['a', 'b']);
  });

  it('processes a Template with caller params, defaults and typed ${{}} values', () => {
    const result = parseDocuments(template(), { params: { NAME: 'app' }, random: () => 0 });

    expect(result.ok && result.objects[0]).toEqual({
      kind: 'BuildConfig',
      metadata: { name: 'app' },
      spec: { source: { git: { ref: 'refs/main', uri: 'u' } }, limit: 3, secret: 'aaaaaaaa' },
    });
  });

  it('lets caller params override parameter defaults', () => {
    const result = parseDocuments(template(), { params: { NAME: 'app', REF: 'dev', SECRET: 's' } });

    expect(result.ok && JSON.stringify(result.objects[0])).toContain('"ref":"refs/dev"');
  });

  it('fails naming the document and the parameter when a required parameter has no value', () => {
    const text = `kind: A\nmetadata: {name: a}\n---\n${template()}`;

    const result = parseDocuments(text);

    expect(result).toEqual({
      ok: false,
      errors: [
        {
          document: 1,
          message: 'document 1: template parameter "NAME" is required but has no value',
        },
      ],
    });
  });

  it('stamps the template labels on every object', () => {
    const result = parseDocuments(template({ labels: { template: 't-${NAME}' } }), {
      params: { NAME: 'app' },
    });

    expect(result.ok && result.objects[0]?.metadata).toEqual({
      name: 'app',
      labels: { template: 't-app' },
    });
  });

  it('accepts the legacy v1 Template apiVersion', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Template',
      objects: [{ kind: 'A', metadata: { name: 'x' } }],
    });

    expect(names(text)).toEqual(['x']);
  });

  it('substitutes caller params into plain objects and leaves unknown references alone', () => {
    const text = 'kind: A\nmetadata:\n  name: ${NAME}\n  labels: {other: "${OTHER}"}\n';

    const result = parseDocuments(text, { params: { NAME: 'app' } });

    expect(result.ok && result.objects[0]?.metadata).toEqual({
      name: 'app',
      labels: { other: '${OTHER}' },
    });
  });

  it('reports invalid YAML with its document index', () => {
    const result = parseDocuments('kind: A\n---\nkind: [unclosed\n');

    expect(result.ok ? [] : result.errors.map((e) => e.document)).toEqual([1]);
  });

  it('reports a document that is not an object', () => {
    const result = parseDocuments('- just\n- a list\n');

    expect(result).toEqual({
      ok: false,
      errors: [{ document: 0, message: 'document 0: is not an object' }],
    });
  });

  it('keeps the key order of the input', () => {
    const result = parseDocuments('spec: 1\nkind: A\napiVersion: v1\n');

    expect(result.ok && Object.keys(result.objects[0] ?? {})).toEqual([
      'spec',
      'kind',
      'apiVersion',
    ]);
  });
});
