export { makeTempDir } from './temp-dir.js';
export {
  startTestNats,
  startTestPostgres,
  startTestRegistry,
  startTestGitDaemon,
  type RegistryCredentials,
} from './servers.js';
export { createGitRepo, type GitRepo } from './git-repo.js';
export { freeFarmPorts } from './farm-env.js';
export {
  blobBytesPulled,
  blobMounts,
  blobUploads,
  parseRegistryLog,
  registryLogFrom,
  type BlobUpload,
  type RegistryRequest,
} from './registry-log.js';
export { startGitHttpServer, type GitHttpServer } from './git-http-server.js';
export { startTestSshd, type SshServer } from './sshd-server.js';
export { generateSshKey, type SshKeyPair } from './ssh-key.js';
export { thrown } from './thrown.js';
