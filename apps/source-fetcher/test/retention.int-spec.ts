import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { MediaTypes, writeBundleManifest } from '@kiln/artifact-store';
import { sweepExpired } from '../src/retention/retention-sweep.js';
import { RegistryCatalogClient } from '../src/retention/registry-catalog.client.js';
import { FetcherHarness } from './support/fetcher-harness.js';

const hour = 3600_000;

describe('bundle retention', () => {
  let fetcher: FetcherHarness;

  beforeAll(async () => {
    fetcher = await FetcherHarness.start({
      KILN_BUNDLE_RETENTION_HOURS: '24',
      KILN_RETENTION_SWEEP_SECONDS: '1',
    });
  }, 60_000);

  afterAll(() => fetcher.stop());

  /** A bundle of random content in `repo`, tagged as pushed `ageHours` ago. */
  async function bundle(repo: string, ageHours: number, blob?: { digest: string; size: number }) {
    const stored = blob ?? (await fetcher.client.pushBlob(repo, Readable.from([randomBytes(64)])));
    const ref = await writeBundleManifest(fetcher.client, repo, stored, 'tar', {
      now: new Date(Date.now() - ageHours * hour),
    });
    return { digest: ref.digest, blob: stored };
  }

  const exists = (repo: string, digest: string) =>
    fetcher.client.manifestExists(repo, digest, [MediaTypes.imageManifest]);

  it('deletes bundles of finished builds from kiln-sources and kiln-contexts, and nothing else', async () => {
    const oldSource = await bundle('kiln-sources/ret', 48);
    const youngSource = await bundle('kiln-sources/ret', 1);
    const oldContext = await bundle('kiln-contexts/ret', 30);
    const retagged = await bundle('kiln-sources/ret', 72);
    await bundle('kiln-sources/ret', 0, retagged.blob);
    const foreign = await bundle('ret/app', 100);

    // The worker's own sweeper runs every second (KILN_RETENTION_SWEEP_SECONDS=1).
    for (let i = 0; i < 50 && (await exists('kiln-sources/ret', oldSource.digest)); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }

    expect(await exists('kiln-sources/ret', oldSource.digest)).toBe(false);
    expect(await exists('kiln-contexts/ret', oldContext.digest)).toBe(false);
    expect(await exists('kiln-sources/ret', youngSource.digest)).toBe(true);
    expect(await exists('kiln-sources/ret', retagged.digest)).toBe(true);
    expect(await exists('ret/app', foreign.digest)).toBe(true);
  });

  it('sweeps through the catalog, and a second sweep finds nothing left to do', async () => {
    // Younger than the worker's 24 hours, so only this test's sweep (1 hour) takes it.
    const old = await bundle('kiln-sources/twice', 2);
    const catalog = new RegistryCatalogClient(fetcher.registry.host);
    const cutoff = new Date(Date.now() - hour);

    const repositories = await catalog.repositories(2);
    const first = await sweepExpired(fetcher.client, repositories, cutoff);
    const second = await sweepExpired(fetcher.client, repositories, cutoff);

    expect(repositories).toEqual(
      expect.arrayContaining(['kiln-sources/twice', 'kiln-sources/ret']),
    );
    expect(first.deleted).toContain(`kiln-sources/twice@${old.digest}`);
    expect(second.deleted).toEqual([]);
  });
});
