const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/**
 * Registries spoken to over plain HTTP: loopback ones (a farm on one machine) and those an
 * operator listed (KILN_INSECURE_REGISTRIES). Everything else is HTTPS.
 */
export function isPlainHttpRegistry(host: string, configured: readonly string[]): boolean {
  return LOOPBACK.test(host) || configured.includes(host);
}
