import type { ObjectMeta } from '@kiln/build-types';
import type { KilnClient } from './client.js';

/** The `user.openshift.io/v1` User the API says a token belongs to. */
export type User = { metadata?: ObjectMeta; groups?: string[] };

export async function currentUser(client: KilnClient): Promise<string> {
  const user = await client.get<User>('/apis/user.openshift.io/v1/users/~');
  return user.metadata?.name ?? '';
}
