import type { ConfigMap, Secret } from '@kiln/build-types';
import type { ResolvedObject } from '@kiln/events';

/** A Secret as a worker receives it: its type and its base64 values. */
export function resolvedSecret(secret: Secret): ResolvedObject {
  return {
    kind: 'Secret',
    name: secret.metadata.name ?? '',
    type: secret.type ?? 'Opaque',
    data: { ...secret.data },
  };
}

/** A ConfigMap as a worker receives it: text values encoded to base64, binaryData as it is. */
export function resolvedConfigMap(configMap: ConfigMap): ResolvedObject {
  const data: Record<string, string> = { ...configMap.binaryData };
  for (const [key, value] of Object.entries(configMap.data ?? {})) {
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  return { kind: 'ConfigMap', name: configMap.metadata.name ?? '', data };
}
