/**
 * Loaded into a service with NODE_OPTIONS="--import …/cpu-profile-hook.js" when the bench runs
 * with --profile: samples the CPU from start-up and, on each SIGWINCH, writes what it has as a
 * numbered .cpuprofile (Chrome DevTools format) into KILN_BENCH_PROFILE_DIR and starts afresh, so
 * the bench can cut start-up off. A signal rather than exit, because the services end by
 * re-raising SIGTERM, which leaves no exit hook a chance to run; SIGWINCH because Nest's shutdown
 * hooks take SIGUSR2 (and Node takes SIGUSR1), and its default action is to do nothing.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';

const dir = process.env.KILN_BENCH_PROFILE_DIR;
const main = process.argv[1] ?? '';
// apps/<service>/dist/main.js → <service>; anything else (./kiln up itself) is not profiled.
const service = main.endsWith('/dist/main.js') ? basename(dirname(dirname(main))) : '';

if (dir && service && service !== 'local') {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () =>
    session.post('Profiler.setSamplingInterval', { interval: 500 }, () =>
      session.post('Profiler.start'),
    ),
  );
  let dumps = 0;
  process.on('SIGWINCH', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        const file = join(dir, `${service}-${process.pid}-${++dumps}.cpuprofile`);
        writeFileSync(file, JSON.stringify(result.profile));
      }
      session.post('Profiler.start');
    });
  });
}
