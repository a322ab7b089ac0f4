import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse 1', 10);

    expect(await verifyPassword('correct horse 1', stored)).toBe(true);
    expect(await verifyPassword('correct horse 2', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same password 1', 10)).not.toBe(await hashPassword('same password 1', 10));
  });

  it('keeps the cost in the hash and refuses a malformed one', async () => {
    expect(await hashPassword('some password 1', 11)).toMatch(/^scrypt\$11\$/);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['short1', 'must be at least 10 characters long'],
    ['a'.repeat(120) + '123456789', 'must be at most 128 characters long'],
    ['onlyletterspassword', 'must contain a letter and a digit'],
    ['1234567890123', 'must contain a letter and a digit'],
  ])('refuses %j: %s', (password, reason) => {
    expect(passwordProblem(password)).toBe(reason);
  });

  it('accepts ten characters with a letter and a digit', () => {
    expect(passwordProblem('abcdefghi1')).toBeUndefined();
  });
});
