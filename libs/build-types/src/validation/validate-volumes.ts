import type { BuildVolume } from '../build/build-volume.js';
import { type FieldError, duplicate, invalid, required } from './field-error.js';
import { dns1123LabelProblems } from './names.js';
import { cleanPath, isAbsolutePath } from './paths.js';

const blockByType = { Secret: 'secret', ConfigMap: 'configMap', CSI: 'csi' } as const;

const validateSource = (volume: BuildVolume, path: string): FieldError[] => {
  const source = volume.source;
  const block = blockByType[source.type];
  const errors: FieldError[] = [];
  if (!source[block]) {
    errors.push(required(`${path}.${block}`, `source type is ${source.type}`));
  }
  for (const other of Object.values(blockByType)) {
    if (other !== block && source[other]) {
      errors.push(invalid(`${path}.${other}`, '', `may not be set when type is ${source.type}`));
    }
  }
  if (source.type === 'Secret' && source.secret && !source.secret.secretName) {
    errors.push(required(`${path}.secret.secretName`));
  }
  if (source.type === 'ConfigMap' && source.configMap && !source.configMap.name) {
    errors.push(required(`${path}.configMap.name`));
  }
  return errors;
};

/** Build volumes: unique names, a source matching its type, absolute unique mount paths. */
export const validateBuildVolumes = (
  volumes: readonly BuildVolume[] | null | undefined,
  path: string,
): FieldError[] => {
  const names = new Set<string>();
  const destinations = new Set<string>();
  return (volumes ?? []).flatMap((volume, i) => {
    const at = `${path}[${i}]`;
    const errors = dns1123LabelProblems(volume.name).map((p) =>
      invalid(`${at}.name`, volume.name, p),
    );
    if (names.has(volume.name)) {
      errors.push(duplicate(`${at}.name`, volume.name));
    }
    names.add(volume.name);
    errors.push(...validateSource(volume, `${at}.source`));
    if (volume.mounts.length === 0) {
      errors.push(required(`${at}.mounts`, 'at least one mount is required'));
    }
    volume.mounts.forEach((mount, j) => {
      const mountPath = `${at}.mounts[${j}].destinationPath`;
      const dest = mount.destinationPath;
      if (!dest) {
        errors.push(required(mountPath));
      } else if (!isAbsolutePath(dest) || dest.includes(':') || cleanPath(dest).startsWith('..')) {
        errors.push(invalid(mountPath, dest, 'must be an absolute path without ":"'));
      } else if (destinations.has(cleanPath(dest))) {
        errors.push(duplicate(mountPath, dest));
      }
      destinations.add(cleanPath(dest));
    });
    return errors;
  });
};
