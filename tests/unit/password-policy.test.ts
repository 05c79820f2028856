import { parseConfig } from '../../src/config/env';
import { commonPasswords, passwordProblem } from '../../src/modules/customers/password-policy';
import { customerSeeds } from '../../seeds/customer-seeds';
import { TEST_PASSWORD } from '../helpers/auth';

describe('passwordProblem (NIST SP 800-63B)', () => {
  test.each([
    ['short', undefined, 'must be at least 8 characters'],
    ['x'.repeat(129), undefined, 'must be at most 128 characters'],
    [' '.repeat(8), undefined, 'must not be only spaces'],
    ['\t\n \u00a0\t\n  ', undefined, 'must not be only spaces'],
    ['password', undefined, 'is too common'],
    ['PassWord1', undefined, 'is too common'],
    ['  iloveyou  ', undefined, 'is too common'],
    ['12345678', undefined, 'is too common'],
    ['dana.lee.1984', 'dana.lee.1984', 'must not be the username'],
    [' DANA.LEE.1984 ', 'Dana.Lee.1984', 'must not be the username'],
  ])('%j (username %j) is refused: %s', (password, username, problem) => {
    expect(passwordProblem(password, username)).toBe(problem);
  });

  test.each([
    ['correct horse battery staple', 'dana'],
    ['dana.lee.1984!', 'dana.lee.1984'],
    ['x'.repeat(128), undefined],
    ['  with spaces inside  ', undefined],
  ])('%j (username %j) is accepted', (password, username) => {
    expect(passwordProblem(password, username)).toBeUndefined();
  });

  test('the common-password list holds at least 10,000 entries, lower-cased', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(list.has('qwertyuiop')).toBe(true);
    expect([...list].every((password) => password === password.toLowerCase())).toBe(true);
    expect(commonPasswords()).toBe(list);
  });

  test("the seeded sample passwords, the admin default and the tests' password all pass", () => {
    for (const { account } of customerSeeds) {
      expect(passwordProblem(account.password, account.username)).toBeUndefined();
    }
    const { admin } = parseConfig({});
    expect(passwordProblem(admin.password, admin.username)).toBeUndefined();
    expect(passwordProblem(TEST_PASSWORD, 'customer1x1')).toBeUndefined();
  });
});
