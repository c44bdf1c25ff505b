import { baseServiceEnv, port } from '@kiln/service-kit';
import { z } from 'zod';

/** Env of build-api. */
export const buildApiEnv = baseServiceEnv.extend({
  API_PORT: port(8080),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Farm registry host:port, where source bundles and staging images live. */
  REGISTRY_HOST: z.string().min(1).default('127.0.0.1:5000'),
  /** JSON token file: [{ token, name, role, namespaces: ['*'] }]. */
  KILN_TOKENS_FILE: z.string().min(1),
  /** 32 bytes, base64: encrypts Secret data at rest. */
  KILN_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  /**
   * Earlier values of KILN_SECRET_KEY, comma-separated: data sealed with one of them still opens,
   * and is sealed again with the current key on its next write.
   */
  KILN_SECRET_KEYS_OLD: z
    .string()
    .default('')
    .refine(
      (v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
          .every((k) => Buffer.from(k, 'base64').length === 32),
      'must be comma-separated keys of 32 bytes, base64-encoded',
    ),
  KILN_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  /**
   * A Pending or Running build with no stage event or heartbeat for this long is checked by the
   * watchdog (see BuildWatchdog): ended Error unless its job is still queued in JetStream.
   */
  KILN_STALL_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
  /** How often the watchdog looks for builds past their deadline or stalled. */
  KILN_WATCHDOG_INTERVAL_SECONDS: z.coerce.number().positive().default(10),
  /**
   * The token the farm registry sends (`Authorization: Bearer …`) with its push notifications to
   * POST /internal/registry/notifications. Unset: notifications are refused, and image streams
   * learn of pushes only from the periodic reconciliation.
   */
  KILN_REGISTRY_NOTIFICATION_TOKEN: z.string().min(16).optional(),
  /**
   * How often every image stream is compared with its farm-registry repository (repairing a
   * missed notification), and every ImageChange trigger and waiting build looked at again.
   */
  KILN_IMAGESTREAM_RESYNC_SECONDS: z.coerce.number().positive().default(60),
  /** How often spec tags with `importPolicy.scheduled` are imported again (OpenShift: 15 min). */
  KILN_IMAGE_IMPORT_INTERVAL_SECONDS: z.coerce.number().positive().default(900),
});
export type BuildApiConfig = z.infer<typeof buildApiEnv>;
