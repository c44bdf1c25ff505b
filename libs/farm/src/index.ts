export { findFreePort, isPortOpen, waitForPort, describePortHolder } from './ports.js';
export {
  spawnLogged,
  stopPid,
  isAlive,
  managed,
  readyOrExit,
  type ManagedProcess,
  type SpawnOptions,
} from './process.js';
export { startNats, type NatsOptions, type NatsServer } from './nats.js';
export {
  startPostgres,
  postgresBinDir,
  postgresUser,
  type PostgresOptions,
  type PostgresServer,
} from './postgres.js';
export { startRegistry, type RegistryOptions, type RegistryServer } from './registry.js';
export { collectRegistryGarbage, RegistryGcFailed, type RegistryGcResult } from './registry-gc.js';
export { directoryBytes } from './directory-bytes.js';
export { startGitDaemon, type GitDaemonOptions, type GitDaemon } from './git-daemon.js';
