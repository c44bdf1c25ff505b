import type { BuildSource, ImageSource } from '../build/build-source.js';
import { type FieldError, duplicate, invalid, required, unsupported } from './field-error.js';
import { isSet } from '../shared/is-set.js';
import { validateGitSource } from './validate-git-source.js';
import { validateImageReference, validateSecretRef } from './validate-references.js';
import { validateInputDirs } from './validate-source-inputs.js';
import { cleanPath, escapesRoot, isAbsolutePath } from './paths.js';

const maxDockerfileBytes = 60_000;
const sourceTypes = ['Git', 'Dockerfile', 'Binary', 'Image', 'None'];

const validateImageSource = (image: ImageSource, path: string): FieldError[] => {
  const errors = [
    ...validateImageReference(image.from, `${path}.from`),
    ...validateSecretRef(image.pullSecret, `${path}.pullSecret`),
  ];
  if (!image.paths?.length && !image.as?.length) {
    errors.push(required(`${path}.paths`, "must specify 'paths' or 'as'"));
  }
  (image.paths ?? []).forEach((p, j) => {
    const at = `${path}.paths[${j}]`;
    if (!isAbsolutePath(p.sourcePath)) {
      errors.push(invalid(`${at}.sourcePath`, p.sourcePath, 'must be an absolute path'));
    }
    if (!p.destinationDir) {
      errors.push(required(`${at}.destinationDir`));
    } else if (isAbsolutePath(p.destinationDir) || escapesRoot(p.destinationDir)) {
      errors.push(
        invalid(
          `${at}.destinationDir`,
          p.destinationDir,
          'must be a relative path inside the build context',
        ),
      );
    }
  });
  return errors;
};

const validateImages = (images: readonly ImageSource[], path: string): FieldError[] => {
  const seen = new Set<string>();
  return images.flatMap((image, i) => {
    const errors = validateImageSource(image, `${path}[${i}]`);
    (image.as ?? []).forEach((name, j) => {
      const at = `${path}[${i}].as[${j}]`;
      if (!name) {
        errors.push(required(at));
      } else if (seen.has(name)) {
        errors.push(duplicate(at, name));
      }
      seen.add(name);
    });
    return errors;
  });
};

// `type` is informational upstream, but a type that contradicts the fields is almost always a
// mistake, so Kiln reports it (the comparison ignores case: fixtures say `binary`).
const validateDeclaredType = (source: BuildSource, path: string): FieldError[] => {
  const declared = sourceTypes.find((t) => t.toLowerCase() === source.type?.toLowerCase());
  if (!source.type) {
    return [];
  }
  if (!declared) {
    return [unsupported(`${path}.type`, source.type, sourceTypes)];
  }
  const needs: Partial<Record<string, [keyof BuildSource, boolean]>> = {
    Git: ['git', !!source.git],
    Dockerfile: ['dockerfile', isSet(source.dockerfile)],
    Image: ['images', !!source.images?.length],
  };
  const need = needs[declared];
  return need && !need[1]
    ? [required(`${path}.${String(need[0])}`, `source type is ${declared}`)]
    : [];
};

/** Source rules: git xor binary, inline Dockerfile size, image inputs, input dirs, contextDir. */
export const validateSource = (
  source: BuildSource,
  path: string,
  strategy: { isDocker: boolean; isCustom: boolean },
): FieldError[] => {
  const errors = validateDeclaredType(source, path);
  if (source.git && source.binary && !strategy.isCustom) {
    errors.push(invalid(`${path}.git`, '', 'may not be set when binary is also set'));
    errors.push(invalid(`${path}.binary`, '', 'may not be set when git is also set'));
  }
  if (source.git) {
    errors.push(...validateGitSource(source.git, `${path}.git`));
  }
  const asFile = source.binary?.asFile;
  if (asFile) {
    const cleaned = cleanPath(asFile).replace(/^\//, '');
    if (!cleaned || cleaned === '.' || cleaned.startsWith('..') || /[/\\]/.test(cleaned)) {
      errors.push(
        invalid(
          `${path}.binary.asFile`,
          asFile,
          'file name may not contain slashes or relative path segments',
        ),
      );
    }
  }
  if ((source.dockerfile?.length ?? 0) > maxDockerfileBytes) {
    errors.push(
      invalid(`${path}.dockerfile`, '', `must be smaller than ${maxDockerfileBytes} bytes`),
    );
  }
  errors.push(...validateImages(source.images ?? [], `${path}.images`));
  errors.push(...validateInputDirs(source, path, strategy.isDocker));
  errors.push(...validateSecretRef(source.sourceSecret, `${path}.sourceSecret`));
  // Upstream tolerates an absolute contextDir (it is taken from the source root); only escaping is refused.
  if (source.contextDir && escapesRoot(source.contextDir)) {
    errors.push(
      invalid(
        `${path}.contextDir`,
        source.contextDir,
        'context dir must not escape the source root',
      ),
    );
  }
  return errors;
};
