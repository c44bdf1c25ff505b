import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPortOpen } from '@kiln/farm';
import {
  createGitRepo,
  makeTempDir,
  startTestGitDaemon,
  startTestNats,
  startTestPostgres,
  startTestRegistry,
} from '../src/index.js';

describe('test servers', () => {
  it('starts nats-server with JetStream on a free port and frees it on stop', async () => {
    const nats = await startTestNats();
    expect(await isPortOpen(nats.port)).toBe(true);
    await nats.stop();
    expect(await isPortOpen(nats.port)).toBe(false);
  });

  it('starts PostgreSQL that answers queries on its database', async () => {
    const pg = await startTestPostgres('things');
    try {
      const out = execFileSync('psql', [pg.url, '-tAc', 'SELECT current_database()'], {
        encoding: 'utf8',
      });
      expect(out.trim()).toBe('things');
    } finally {
      await pg.stop();
    }
  });

  it('starts a registry that requires basic auth when given credentials', async () => {
    const registry = await startTestRegistry({ auth: { username: 'alice', password: 's3cret' } });
    try {
      const anonymous = await fetch(`${registry.url}/v2/`);
      const good = await fetch(`${registry.url}/v2/`, {
        headers: { authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` },
      });
      expect([anonymous.status, good.status]).toEqual([401, 200]);
    } finally {
      await registry.stop();
    }
  });

  it('serves a created repository over git://', async () => {
    const daemon = await startTestGitDaemon();
    const out = makeTempDir('clone');
    try {
      const repo = createGitRepo(daemon.baseDir, 'app.git');
      const commit = repo.commit({ 'README.md': 'hello\n' }, 'first');
      execFileSync('git', ['clone', '-q', daemon.url('app.git'), join(out.path, 'app')]);
      expect(readFileSync(join(out.path, 'app', 'README.md'), 'utf8')).toBe('hello\n');
      expect(
        execFileSync('git', ['-C', join(out.path, 'app'), 'rev-parse', 'HEAD'], {
          encoding: 'utf8',
        }).trim(),
      ).toBe(commit);
    } finally {
      out.remove();
      await daemon.stop();
      expect(existsSync(daemon.baseDir)).toBe(false);
    }
  });
});
