import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const fixturesDir = '/work/shared/fixtures/buildconfigs';

/** Values for the parameters of the fixtures cut out of OpenShift Templates. */
export const fixtureParams: Readonly<Record<string, string>> = {
  APPLICATION_NAME: 'eap-app',
  ARTIFACT_DIR: '',
  CONTEXT_DIR: '',
  EAP_IMAGE_NAME: 'jboss-eap74-openjdk11-openshift:7.4.0',
  EAP_RUNTIME_IMAGE_NAME: 'jboss-eap74-openjdk11-runtime-openshift:7.4.0',
  GALLEON_PROVISION_LAYERS: '',
  GENERIC_WEBHOOK_SECRET: 'generic-secret',
  GITHUB_WEBHOOK_SECRET: 'github-secret',
  IMAGE_STREAM_NAMESPACE: 'openshift',
  JAVA_TOOL_OPTIONS: '',
  MAVEN_ARGS_APPEND: '',
  MAVEN_MIRROR_URL: '',
  NAMESPACE: 'openshift',
  NAME: 'nodejs-example',
  NODEJS_VERSION: '18-ubi8',
  NPM_MIRROR: '',
  OPENJDK_BASED_RED_HAT_CONTAINER_IMAGESTREAM_NAME: 'openjdk-11',
  SEMERU_BASED_RED_HAT_CONTAINER_IMAGESTREAM_NAME: 'semeru-11',
  SOURCE_REPOSITORY_REF: 'main',
  SOURCE_REPOSITORY_URL: 'https://github.com/sclorg/nodejs-ex.git',
};

export const fixtureFiles = (): string[] =>
  readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

export const readFixture = (file: string): string => readFileSync(join(fixturesDir, file), 'utf8');
