export {
  loadConfig,
  ConfigError,
  baseServiceEnv,
  port,
  commaList,
  type BaseServiceConfig,
} from './config.js';
export {
  bootstrapService,
  runMain,
  jsonLogger,
  listeningPort,
  type BootstrapOptions,
} from './bootstrap.js';
export { ServiceKitModule } from './service-kit.module.js';
export { Readiness, type ReadinessCheck } from './readiness.js';
export { MetricsRegistry } from './metrics.js';
export { SERVICE_IDENTITY, type ServiceIdentity } from './bus.provider.js';
export { startWorker, workerEnv, type WorkerConfig } from './worker.js';
export { PUBLIC_ROUTE } from './health.controller.js';
export { runStageJob, StageFailure, type StageJob } from './stage-job.js';
export { PeriodicTask, type PeriodicTaskOptions } from './periodic-task.js';
export { consumeStageJobs, type StageWorker } from './stage-worker.js';
export {
  ObjectResolver,
  objectKey,
  objectValue,
  type ObjectRef,
  type ResolvedObjects,
} from './object-resolver.js';
export { answerResolveObjects } from './answer-resolve-objects.js';
export {
  envObjectRefs,
  resolveBuildEnv,
  type EnvResolution,
} from './build-env/resolve-build-env.js';
export {
  expandKubernetesReferences,
  resolveEnvReferences,
  type ResolvedEnvVar,
} from './build-env/resolve-env-references.js';
export { strategyEnvOf } from './build-env/strategy-env.js';
