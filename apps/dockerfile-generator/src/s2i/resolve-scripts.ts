export const S2I_SCRIPTS = ['assemble', 'run', 'save-artifacts'] as const;
export type S2iScript = (typeof S2I_SCRIPTS)[number];

export const DEFAULT_IMAGE_SCRIPTS_DIR = '/usr/libexec/s2i';
export const SCRIPTS_URL_LABEL = 'io.openshift.s2i.scripts-url';

/** Where one script comes from: a file copied into `upload/scripts`, or a directory in the image. */
export type ScriptSource =
  | { kind: 'scripts-url'; url: string }
  | { kind: 'source'; path: string }
  | { kind: 'image-scripts-url'; url: string }
  | { kind: 'image'; dir: string };

export type ScriptsInput = {
  /** sourceStrategy.scripts. */
  scriptsUrl?: string;
  /** Scripts the caller could fetch from a non-image:// scriptsUrl (it does the download). */
  fetchedFromScriptsUrl: readonly S2iScript[];
  /** Scripts present in the source's `.s2i/bin` (or deprecated `.sti/bin`). */
  inSource: readonly S2iScript[];
  /** Builder image label io.openshift.s2i.scripts-url. */
  imageScriptsUrl?: string;
  /** Scripts the caller could fetch from a non-image:// imageScriptsUrl. */
  fetchedFromImageScriptsUrl?: readonly S2iScript[];
};

export type ScriptsResolution =
  | {
      ok: true;
      scripts: Record<S2iScript, ScriptSource>;
      /** In-image directory for scripts not provided as files. */
      imageScriptsDir: string;
    }
  | { ok: false; reason: 'FetchScriptsFailed'; message: string };

const imagePath = (url: string | undefined): string | undefined =>
  url?.startsWith('image://') === true ? url.slice('image://'.length) : undefined;

/**
 * The per-script precedence of upstream s2i: an image:// scripts URL overrides everything;
 * else a script downloaded from the scripts URL, then the source's `.s2i/bin`, then one
 * downloaded from the image label URL, then the image directory (label image:// path, else
 * /usr/libexec/s2i). A scripts URL from which nothing could be fetched is an error.
 */
export function resolveScripts(input: ScriptsInput): ScriptsResolution {
  const userDir = imagePath(input.scriptsUrl);
  if (userDir !== undefined) {
    const source: ScriptSource = { kind: 'image', dir: userDir };
    return {
      ok: true,
      imageScriptsDir: userDir,
      scripts: { assemble: source, run: source, 'save-artifacts': source },
    };
  }
  const scriptsUrl = input.scriptsUrl ?? '';
  if (scriptsUrl !== '' && input.fetchedFromScriptsUrl.length === 0) {
    return {
      ok: false,
      reason: 'FetchScriptsFailed',
      message: `could not download any scripts from URL ${scriptsUrl}`,
    };
  }
  const imageScriptsDir = imagePath(input.imageScriptsUrl) ?? DEFAULT_IMAGE_SCRIPTS_DIR;
  const pick = (script: S2iScript): ScriptSource => {
    if (input.fetchedFromScriptsUrl.includes(script)) {
      return { kind: 'scripts-url', url: scriptsUrl };
    }
    if (input.inSource.includes(script)) {
      return { kind: 'source', path: `.s2i/bin/${script}` };
    }
    if (
      input.imageScriptsUrl !== undefined &&
      (input.fetchedFromImageScriptsUrl ?? []).includes(script)
    ) {
      return { kind: 'image-scripts-url', url: input.imageScriptsUrl };
    }
    return { kind: 'image', dir: imageScriptsDir };
  };
  return {
    ok: true,
    imageScriptsDir,
    scripts: {
      assemble: pick('assemble'),
      run: pick('run'),
      'save-artifacts': pick('save-artifacts'),
    },
  };
}

/** True when the script is a file copied into `upload/scripts` (and so into `<dest>/scripts`). */
export const isProvided = (source: ScriptSource): boolean => source.kind !== 'image';
