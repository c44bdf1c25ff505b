/** The little the bus needs from a logger; Nest's Logger fits it. */
export type BusLogger = {
  log(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
};
