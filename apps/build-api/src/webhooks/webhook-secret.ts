import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares in constant time. Hashing first gives both sides the same length, so neither the
 * length nor a matching prefix of the secret shows in the response time.
 */
export function secretMatches(presented: string, expected: string | undefined | null): boolean {
  if (!expected) {
    return false;
  }
  return timingSafeEqual(digest(presented), digest(expected));
}
