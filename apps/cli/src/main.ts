#!/usr/bin/env node
import { runCli } from './cli.js';
import { processEnvironment } from './environment.js';

// `kiln get builds | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processEnvironment());
