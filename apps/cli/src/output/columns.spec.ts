import { Resources } from '../api/resources.js';
import { aBuild, aBuildConfig } from '../testing/factories.js';
import { buildDuration, buildStatusCell, columnsFor, tableHeaders, tableRow } from './columns.js';
import { sourceSummary } from './source-summary.js';

const now = Date.parse('2025-01-01T12:00:00Z');

describe('build columns', () => {
  const columns = columnsFor(Resources.builds);

  it('are NAME TYPE FROM STATUS STARTED DURATION, as oc shows them', () => {
    expect(tableHeaders(columns, false)).toEqual([
      'NAME',
      'TYPE',
      'FROM',
      'STATUS',
      'STARTED',
      'DURATION',
    ]);
    expect(tableRow(columns, aBuild(), now, false)).toEqual([
      'hello-3',
      'Docker',
      'Git@0123456',
      'Complete',
      '5 minutes ago',
      '1m2s',
    ]);
  });

  it('add the output image and digest when wide', () => {
    const row = tableRow(columns, aBuild(), now, true);
    expect(row.slice(6)).toEqual(['127.0.0.1:5000/demo/hello:latest', `sha256:${'ab'.repeat(32)}`]);
  });

  it('show the reason next to the phase', () => {
    const failed = aBuild({ status: { phase: 'Failed', reason: 'DockerBuildFailed' } });
    expect(buildStatusCell(failed)).toBe('Failed (DockerBuildFailed)');
  });

  it('count a running build from its start', () => {
    const running = aBuild({
      status: { phase: 'Running', startTimestamp: '2025-01-01T11:59:30Z' },
    });
    expect(buildDuration(running, now)).toBe('30s');
    expect(buildDuration(aBuild({ status: { phase: 'New' } }), now)).toBe('');
  });
});

describe('buildconfig columns', () => {
  it('are NAME TYPE FROM LATEST', () => {
    const columns = columnsFor(Resources.buildConfigs);
    expect(tableHeaders(columns, false)).toEqual(['NAME', 'TYPE', 'FROM', 'LATEST']);
    expect(tableRow(columns, aBuildConfig(), now, false)).toEqual([
      'hello',
      'Docker',
      'Git@main',
      '3',
    ]);
  });
});

describe('core columns', () => {
  const meta = { name: 'x', creationTimestamp: '2025-01-01T10:00:00Z' };

  it('count secret and configmap keys', () => {
    expect(
      tableRow(
        columnsFor(Resources.secrets),
        { metadata: meta, data: { a: '', b: '' } },
        now,
        false,
      ),
    ).toEqual(['x', 'Opaque', '2', '120m']);
    expect(
      tableRow(
        columnsFor(Resources.configMaps),
        { metadata: meta, data: { a: '' }, binaryData: { b: '' } },
        now,
        false,
      ),
    ).toEqual(['x', '2', '120m']);
  });

  it('show a namespace as Active unless it says otherwise', () => {
    expect(tableRow(columnsFor(Resources.namespaces), { metadata: meta }, now, false)).toEqual([
      'x',
      'Active',
      '120m',
    ]);
  });
});

describe('sourceSummary', () => {
  const strategy = { type: 'Docker', dockerStrategy: {} };

  it.each([
    [{ source: { binary: {} }, strategy }, 'Binary'],
    [{ source: { dockerfile: 'FROM x' }, strategy }, 'Dockerfile'],
    [
      { source: { dockerfile: 'FROM x', git: { uri: 'u', ref: 'v1' } }, strategy },
      'Dockerfile,Git@v1',
    ],
    [{ source: { git: { uri: 'u' } }, strategy }, 'Git'],
    [{ source: {}, strategy }, 'None'],
  ])('summarises %j as %s', (spec, expected) => {
    expect(sourceSummary(spec)).toBe(expected);
  });
});
