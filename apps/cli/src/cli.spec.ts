import { FakeApi } from './testing/fake-api.js';
import { runKiln } from './testing/run-kiln.js';

const verbs = [
  'apply',
  'get',
  'describe',
  'delete',
  'start-build',
  'cancel-build',
  'logs',
  'new-build',
  'new-project',
  'project',
  'login',
  'whoami',
];

describe('kiln', () => {
  let api: FakeApi;

  beforeAll(async () => {
    api = await FakeApi.start();
  });

  afterAll(() => api.stop());

  it('lists every verb in --help', async () => {
    const run = await runKiln(api.url, ['--help']);

    expect(run.code).toBe(0);
    for (const verb of verbs) {
      expect(run.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
    }
  });

  it.each(verbs)('%s --help shows an example and the -n flag', async (verb) => {
    const run = await runKiln(api.url, [verb, '--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: kiln ${verb}`);
    expect(run.stdout).toMatch(/Examples:\n {2}(kiln|cat) /);
    expect(run.stdout).toContain('-n, --namespace <namespace>');
  });

  it('accepts -n before the verb as well as after it', async () => {
    api.on('GET', '/api/v1/namespaces/early/configmaps', { json: { items: [] } });

    const run = await runKiln(api.url, ['-n', 'early', 'get', 'cm']);

    expect(run.stderr).toBe('No resources found in early namespace.\n');
  });

  it('exits 1 for an unknown verb or option', async () => {
    expect((await runKiln(api.url, ['frobnicate'])).code).toBe(1);
    const run = await runKiln(api.url, ['get', 'bc', '--bogus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });

  it('points at the verb help after a usage error', async () => {
    const run = await runKiln(api.url, ['get', 'pods']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: the server doesn't have a resource type \"pods\"\nSee 'kiln get --help' for usage.\n",
    );
  });

  it('reports an unreachable server in one line', async () => {
    const gone = await FakeApi.start();
    const url = gone.url;
    await gone.stop();

    const run = await runKiln(url, ['get', 'bc']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot reach the Kiln API at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*\n$/,
    );
  });
});
