import { kilnStatusReasons, StatusReason, statusReasons } from './status-reason.js';
import { statusReasonMessages } from './status-reason-messages.js';

describe('StatusReason', () => {
  it('maps every key to the identical string value', () => {
    expect(Object.entries(StatusReason).filter(([k, v]) => k !== v)).toEqual([]);
  });

  it('carries OpenShift default messages where upstream has one', () => {
    expect(statusReasonMessages.CannotCreateBuildPod).toBe('Failed creating build pod.');
    expect(statusReasonMessages.GenericBuildFailed).toBe(
      'Generic Build failure - check logs for details.',
    );
  });

  it('marks UnsupportedBuildStrategy as Kiln-specific', () => {
    expect(kilnStatusReasons).toEqual(['UnsupportedBuildStrategy']);
    expect(statusReasons).toContain('UnsupportedBuildStrategy');
  });
});
