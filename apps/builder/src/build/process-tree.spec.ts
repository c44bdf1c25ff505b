import { spawn } from 'node:child_process';
import { descendantsOf } from './process-tree.js';

describe('descendantsOf', () => {
  it('finds grandchildren, including ones in a new session', async () => {
    const parent = spawn('sh', ['-c', 'setsid sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const found = descendantsOf(parent.pid ?? 0);
    try {
      expect(found.length).toBeGreaterThanOrEqual(2);
    } finally {
      for (const pid of [...found, parent.pid ?? 0]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });
});
