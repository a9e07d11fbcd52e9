import 'reflect-metadata';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { PageQuery } from '../util/pagination';
import { createValidationPipe, isStorableText, unstorableStrings } from './validation';

class Probe {
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
}

class Credentials {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;

  @IsString()
  @MinLength(12, { message: 'au moins 12 caractères' })
  @MaxLength(200)
  secret: string;
}

async function fieldsOf(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).details!.fields as { path: string; message: string }[];
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();

  it('words class-validator’s isUuid and isIso8601 in French', async () => {
    const fields = await fieldsOf(() =>
      pipe.transform({ id: 'pas-un-uuid', from: '2026-13-45' }, { type: 'query', metatype: Probe }),
    );
    expect(fields).toEqual([
      { path: 'id', message: 'identifiant invalide' },
      { path: 'from', message: 'date invalide (format ISO 8601 attendu)' },
    ]);
  });

  it('answers one message per field: « champ obligatoire » when it is missing, else the one that matters', async () => {
    expect(await fieldsOf(() => pipe.transform({}, { type: 'body', metatype: Credentials }))).toEqual([
      { path: 'password', message: 'champ obligatoire' },
      { path: 'secret', message: 'champ obligatoire' },
    ]);
    expect(
      await fieldsOf(() => pipe.transform({ password: 42, secret: 'court' }, { type: 'body', metatype: Credentials })),
    ).toEqual([
      { path: 'password', message: 'doit être une chaîne de caractères' },
      { path: 'secret', message: 'au moins 12 caractères' },
    ]);
    expect(
      await fieldsOf(() =>
        pipe.transform({ password: '', secret: 'x'.repeat(12) }, { type: 'body', metatype: Credentials }),
      ),
    ).toEqual([{ path: 'password', message: 'ne doit pas être vide' }]);
  });

  it.each(['1e21', '1000000000000000000', '1000001'])('refuses page=%s', async (page) => {
    const fields = await fieldsOf(() => pipe.transform({ page }, { type: 'query', metatype: PageQuery }));
    expect(fields).toEqual([{ path: 'page', message: 'numéro de page trop grand (maximum 1 000 000)' }]);
  });

  it('accepts page=1000000', async () => {
    await expect(pipe.transform({ page: '1000000' }, { type: 'query', metatype: PageQuery })).resolves.toMatchObject({
      page: 1_000_000,
      pageSize: 20,
    });
  });

  it('refuses NUL characters and lone surrogates in bodies and queries, naming the field', async () => {
    const body = {
      legalName: 'A\u0000B',
      responses: [{ text: 'ok' }, { text: 'x\ud800' }],
      address: { city: '\udc00' },
    };
    expect(await fieldsOf(() => pipe.transform(body, { type: 'body', metatype: Object }))).toEqual([
      { path: 'legalName', message: expect.stringMatching(/caractère/) },
      { path: 'responses[1].text', message: expect.stringMatching(/caractère/) },
      { path: 'address.city', message: expect.stringMatching(/caractère/) },
    ]);
    expect(
      (await fieldsOf(() => pipe.transform({ q: 'a\u0000' }, { type: 'query', metatype: Probe }))).map((f) => f.path),
    ).toEqual(['q']);
    expect(
      (await fieldsOf(() => pipe.transform('a\u0000', { type: 'body', metatype: String, data: 'note' }))).map(
        (f) => f.path,
      ),
    ).toEqual(['note']);
  });
});

describe('storable text', () => {
  it.each([
    ['plain', 'Québec', true],
    ['a surrogate pair', 'clé 𝄞 😀', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud83d', false],
    ['a lone high surrogate at the end', '\ud83d', false],
    ['a lone low surrogate', '\ude00a', false],
    ['reversed pair', '\ude00\ud83d', false],
  ])('%s', (_label, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });

  it('walks nested objects and arrays, and keys', () => {
    expect(unstorableStrings({ a: [[{ b: 'ok' }, 'x\u0000']], 'k\u0000': 1, n: 3, z: null })).toEqual([
      { path: 'a[0][1]', message: expect.any(String) },
      { path: 'k\ufffd', message: expect.any(String) },
    ]);
  });

  it('walks any depth without overflowing the call stack (issue 13, Medium 6)', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const problems = unstorableStrings({ email: deep });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toMatch(/^email(\[0\]){100000}$/);
  });
});
