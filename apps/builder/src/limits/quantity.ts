const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

/**
 * A Kubernetes resource quantity (`512Mi`, `1G`, `500m`, `2`) as a number; undefined when it does
 * not parse. Memory comes out in bytes, CPU in cores.
 */
export function parseQuantity(text: string | number | null | undefined): number | undefined {
  if (typeof text === 'number') {
    return text;
  }
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec((text ?? '').trim());
  if (!match) {
    return undefined;
  }
  const unit = match[2];
  const factor = unit === undefined ? 1 : (BINARY[unit] ?? DECIMAL[unit] ?? 1);
  return Number(match[1]) * factor;
}
