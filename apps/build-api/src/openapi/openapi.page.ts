import { operations } from './openapi.paths.js';

const escape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** A page listing the REST API for people; the machine-readable document is /openapi/v3. */
export function openApiPage(): string {
  const rows = operations
    .map(
      (op) =>
        `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${escape(op.path)}</code></td>` +
        `<td>${escape(op.summary)}</td><td>${op.access}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kiln build API</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}</style>
</head><body>
<h1>Kiln build API</h1>
<p>OpenShift 4 builds (build.openshift.io/v1) and the core v1 kinds they use. Send a bearer token; errors are Kubernetes Status objects. OpenAPI 3.1 document: <a href="/openapi/v3">/openapi/v3</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Access</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
