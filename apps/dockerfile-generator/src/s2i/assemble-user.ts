export const ASSEMBLE_USER_LABEL = 'io.openshift.s2i.assemble-user';
export const DEFAULT_ASSEMBLE_USER = '1001';

export type AssembleUserResult =
  { ok: true; user: string } | { ok: false; reason: 'AssembleUserForbidden'; message: string };

const withoutGroup = (user: string): string => (user.split(':')[0] ?? '').trim();

/**
 * The user `assemble` runs as: the builder's io.openshift.s2i.assemble-user label, else its
 * USER, group dropped, else 1001. When root is not allowed (ALLOWED_UIDS=1-), root, 0 and
 * any non-numeric user are refused, because a name could map to uid 0 inside the image.
 */
export function resolveAssembleUser(
  labels: Readonly<Record<string, string>>,
  imageUser: string | undefined,
  options: { allowRoot: boolean },
): AssembleUserResult {
  const label = labels[ASSEMBLE_USER_LABEL];
  const chosen = withoutGroup(
    label !== undefined && withoutGroup(label) !== '' ? label : (imageUser ?? ''),
  );
  const user = chosen === '' ? DEFAULT_ASSEMBLE_USER : chosen;
  if (!options.allowRoot && !(/^\d+$/.test(user) && Number(user) >= 1)) {
    return {
      ok: false,
      reason: 'AssembleUserForbidden',
      message: `Assemble user for S2I build is forbidden: ${JSON.stringify(user)} is not a numeric non-root uid.`,
    };
  }
  return { ok: true, user };
}
