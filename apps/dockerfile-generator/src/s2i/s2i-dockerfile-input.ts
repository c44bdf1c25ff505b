import type { BuildInfo } from '../dockerfile/build-info.js';
import type { KeyValue } from '../dockerfile/key-value-instruction.js';
import type { S2iScript, ScriptSource } from './resolve-scripts.js';
import type { EnvVar } from './s2i-environment-file.js';

/** A secret (keep=false) or configMap (keep=true) copied in for assemble. */
export type S2iInjection = {
  /** Where it is mounted in the build container, e.g. /var/run/secrets/openshift.io/build/<name>. */
  source: string;
  /** destinationDir; relative (or empty) ones land under the image work dir. */
  destination: string;
  keep: boolean;
  /** Regular files under `source`, relative, symlinks already resolved by the caller; removed after assemble when keep=false. */
  files: string[];
};

/**
 * 'run': upstream as shipped in OCP 4 (USER root, plain COPY, one `RUN chown -R`).
 * 'copy-chown': current s2i (every COPY carries --chown; needs no chown binary in the image).
 */
export type ChownMode = 'run' | 'copy-chown';

export type S2iDockerfileInput = {
  /** sourceStrategy.from, resolved pull spec. */
  builderImage: string;
  /** From resolveAssembleUser. */
  assembleUser: string;
  /** Builder label io.openshift.s2i.destination; /tmp when absent (and then no label is written). */
  destination?: string;
  /** From resolveScripts (the ok branch). */
  scripts: Record<S2iScript, ScriptSource>;
  imageScriptsDir: string;
  /** sourceStrategy.scripts, re-labelled on the output image. */
  scriptsUrl?: string;
  buildInfo: BuildInfo;
  /** Parsed `.s2i/environment` of the source. */
  sourceEnvironment: EnvVar[];
  /** sourceStrategy.env, resolved. */
  env: EnvVar[];
  /** output.imageLabels. */
  imageLabels: KeyValue[];
  /** Present for incremental builds whose previous image could be pulled. */
  incremental?: { fromImage: string };
  injections: S2iInjection[];
  chownMode: ChownMode;
  /** Base for relative injection destinations; upstream fixes it at /opt/app-root/src. */
  imageWorkDir?: string;
};
