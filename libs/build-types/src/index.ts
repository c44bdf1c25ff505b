// The public API of @kiln/build-types: build.openshift.io/v1 and the core v1 kinds it references.
export * from './core/object-meta.js';
export * from './core/object-reference.js';
export * from './core/env-var.js';
export * from './core/resource-requirements.js';
export * from './core/secret.js';
export * from './core/config-map.js';
export * from './core/status.js';

export * from './build/build-source.js';
export * from './build/build-volume.js';
export * from './build/docker-strategy.js';
export * from './build/source-strategy.js';
export * from './build/custom-strategy.js';
export * from './build/jenkins-pipeline-strategy.js';
export * from './build/build-strategy.js';
export * from './build/build-output.js';
export * from './build/post-commit.js';
export * from './build/source-revision.js';
export * from './build/triggers.js';
export * from './build/common-spec.js';
export * from './build/run-policy.js';
export * from './build/build-config.js';
export * from './build/build-phase.js';
export * from './build/status-reason.js';
export * from './build/status-reason-messages.js';
export * from './build/build-stages.js';
export * from './build/build-status.js';
export * from './build/trigger-cause.js';
export * from './build/build.js';
export * from './build/build-request.js';
export * from './build/binary-build-request-options.js';
export * from './build/build-log-options.js';
export * from './build/well-known-keys.js';
export * from './build/input-image.js';

export type { FieldError, ValidationResult } from './validation/field-error.js';
export { validateBuildConfig } from './validation/validate-build-config.js';
export { validateBuild } from './validation/validate-build.js';
export { validateBuildRequest } from './validation/validate-build-request.js';
export { validateSecret } from './validation/validate-secret.js';
export { validateConfigMap } from './validation/validate-config-map.js';
export { isDockerPullSpec } from './validation/image-reference.js';
export { toInvalidStatus } from './validation/to-invalid-status.js';

export {
  applyBuildConfigDefaults,
  defaultHistoryLimit,
} from './defaults/apply-build-config-defaults.js';
export { inferSourceType, inferStrategyType } from './defaults/infer-types.js';

export {
  parseDocuments,
  type DocumentError,
  type ParseDocumentsOptions,
  type ParseDocumentsResult,
} from './parsing/parse-documents.js';
export type { KubeObject, TemplateParameter } from './parsing/process-template.js';
export { generateFromExpression, type RandomInt } from './parsing/generate-expression.js';
