import { validationFailed } from '../common/errors/domain-error';

/**
 * E-mail addresses as account identifiers (README “E-mail addresses”). An address is stored
 * in its normal form (NFKC, lower case: `ＭＡＲＩＥ@ｅｘｅｍｐｌｅ.ca` is `marie@exemple.ca`); two
 * accounts may not share a *skeleton*, the form in which look-alike characters are the same
 * (Cyrillic `а` and Latin `a`, `ﬁ` and `fi`, `é` and `e`), so that nobody can register an
 * address that reads like someone else's.
 */

/** Normal form: trimmed, NFKC (ligatures, full-width and compatibility forms folded), lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

/** Characters that do not show: zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi controls. */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- the invisible joiners and selectors are what is looked for
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/u;

/**
 * Letters of other scripts (and Latin variants) that look like a basic Latin letter. Not
 * Unicode's full confusables table: the look-alikes of a-z that matter for addresses.
 */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  ү: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ѡ: 'w',
  ɡ: 'g',
  ь: 'b',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  ζ: 'z',
  // Latin variants and symbols
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ſ: 's',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŀ: 'l',
  ɑ: 'a',
  ɩ: 'i',
  ɪ: 'i',
  ʟ: 'l',
  ɴ: 'n',
  ʀ: 'r',
  ᴏ: 'o',
  ᴄ: 'c',
  ᴠ: 'v',
  ᴡ: 'w',
  ᴢ: 'z',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
  '․': '.',
  '｡': '.',
  '＠': '@',
};

/** The skeleton: normal form, accents and other combining marks removed, look-alikes mapped to Latin. */
export function emailSkeleton(email: string): string {
  const base = normalizeEmail(email).normalize('NFKD').replace(/\p{M}/gu, '').replace(new RegExp(INVISIBLE, 'gu'), '');
  let skeleton = '';
  for (const ch of base) skeleton += LOOK_ALIKES[ch] ?? ch;
  return skeleton.normalize('NFKC');
}

/**
 * The normal form and skeleton of an address given for a new account; an address with an
 * invisible character is refused (400 on `email`).
 */
export function newAccountEmail(email: string): { email: string; skeleton: string } {
  const normal = normalizeEmail(email);
  if (INVISIBLE.test(normal)) {
    throw validationFailed([{ path: 'email', message: 'adresse courriel invalide (caractère invisible)' }]);
  }
  return { email: normal, skeleton: emailSkeleton(normal) };
}
