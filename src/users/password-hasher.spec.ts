import { ARGON2, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies against a dummy argon2id hash when there is no account, and says no', async () => {
    const hasher = new PasswordHasher();
    hasher.onModuleInit();
    const verify = jest.spyOn(ARGON2, 'verify');
    expect(await hasher.verify(undefined, 'pas-de-compte-pour-cette-adresse')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummy] = verify.mock.calls[0];
    expect(dummy).toMatch(/^\$argon2id\$/);

    // The same parameters as a real hash (the same work), and the same dummy every time.
    const real = await hasher.hash('Mot-de-passe-solide-42');
    const params = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(params(dummy)).toBe(params(real));
    await hasher.verify(undefined, 'autre');
    expect(verify.mock.calls[1][0]).toBe(dummy);
  });

  it('checks a real hash', async () => {
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('Mot-de-passe-solide-42');
    expect(await hasher.verify(hash, 'Mot-de-passe-solide-42')).toBe(true);
    expect(await hasher.verify(hash, 'mauvais')).toBe(false);
  });
});
