/** The build status reasons a fetch can end with (OpenShift's, see libs/build-types). */
export type FetchReason =
  'FetchSourceFailed' | 'InvalidContextDirectory' | 'FetchImageContentFailed';

/** A fetch failure with the build status reason it maps to and a message a user can act on. */
export class FetchError extends Error {
  constructor(
    readonly reason: FetchReason,
    message: string,
  ) {
    super(message);
  }
}
