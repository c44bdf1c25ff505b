/** Injection token of the validated config. */
export const SOURCE_FETCHER_CONFIG = Symbol('SOURCE_FETCHER_CONFIG');
