import { down, gc, logs, status, streams, up } from './commands.js';

/** `node infra/local/dist/main.js up [PART...]|streams|down|status|gc|logs PART`, called by ./kiln. */
async function main(argv: string[]): Promise<number> {
  const root = process.env.KILN_ROOT ?? process.cwd();
  const [command, arg, ...more] = argv;
  switch (command ?? '') {
    case 'up':
      await up(root, arg === undefined ? [] : [arg, ...more]);
      return 0;
    case 'streams':
      await streams(root);
      return 0;
    case 'down':
      await down(root);
      return 0;
    case 'status':
      return (await status(root)) ? 0 : 1;
    case 'gc':
      await gc(root);
      return 0;
    case 'logs':
      logs(root, arg);
      return 0;
    default:
      process.stderr.write('usage: farm up [PART...]|streams|down|status|gc|logs PART\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kiln: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
