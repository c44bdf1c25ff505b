/** True unless the value is `null` or `undefined`: the two ways a manifest leaves a field unset. */
export const isSet = <T>(value: T | null | undefined): value is T =>
  value !== undefined && value !== null;
