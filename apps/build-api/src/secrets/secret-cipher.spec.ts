import { randomBytes } from 'node:crypto';
import { keyIdOf, parseKeyList, SecretCipher, UnsealError } from './secret-cipher.js';

describe(SecretCipher.name, () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const plaintext = Buffer.from('{"password":"aHVudGVyMg=="}');

  describe('seal', () => {
    it('uses a fresh IV each time and records the current key id', () => {
      const cipher = new SecretCipher(newKey);
      const a = cipher.seal(plaintext, 'uid-1');
      const b = cipher.seal(plaintext, 'uid-1');
      expect(a.iv).toHaveLength(12);
      expect(a.authTag).toHaveLength(16);
      expect(a.iv.equals(b.iv)).toBe(false);
      expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
      expect(a.keyId).toBe(keyIdOf(newKey));
      expect(a.ciphertext.includes(Buffer.from('aHVudGVyMg'))).toBe(false);
    });
  });

  describe('open', () => {
    it('opens what it sealed', () => {
      const cipher = new SecretCipher(newKey);
      expect(cipher.open(cipher.seal(plaintext, 'uid-1'), 'uid-1')).toEqual(plaintext);
    });

    it('opens data sealed with an old key and seals again with the current one', () => {
      const sealed = new SecretCipher(oldKey).seal(plaintext, 'uid-1');
      const rotated = new SecretCipher(newKey, [oldKey]);
      expect(rotated.open(sealed, 'uid-1')).toEqual(plaintext);
      expect(rotated.seal(plaintext, 'uid-1').keyId).toBe(keyIdOf(newKey));
    });

    it('fails without plaintext in the error when the key is unknown', () => {
      const sealed = new SecretCipher(oldKey).seal(plaintext, 'uid-1');
      const open = () => new SecretCipher(newKey).open(sealed, 'uid-1');
      expect(open).toThrow(UnsealError);
      expect(open).toThrow(/no configured key has id/);
    });

    it('refuses a ciphertext moved to another object', () => {
      const cipher = new SecretCipher(newKey);
      const sealed = cipher.seal(plaintext, 'uid-1');
      expect(() => cipher.open(sealed, 'uid-2')).toThrow(UnsealError);
    });

    it('refuses a tampered ciphertext', () => {
      const cipher = new SecretCipher(newKey);
      const sealed = cipher.seal(plaintext, 'uid-1');
      sealed.ciphertext[0] = (sealed.ciphertext[0] ?? 0) ^ 1;
      expect(() => cipher.open(sealed, 'uid-1')).toThrow(/failed authentication/);
    });
  });

  describe('parseKeyList', () => {
    it('reads comma-separated base64 keys and ignores blanks', () => {
      const list = `${oldKey.toString('base64')}, ,${newKey.toString('base64')}`;
      expect(parseKeyList(list)).toEqual([oldKey, newKey]);
      expect(parseKeyList('')).toEqual([]);
    });
  });
});
