// Every text a person reads, in French (default) and English; one dictionary, the same keys in both.
import { createContext, useContext } from 'react';
import { fr } from './i18n.fr';
import { en } from './i18n.en';

export type Lang = 'fr' | 'en';
export type Dictionary = typeof fr;
export type TextKey = keyof Dictionary;

const dictionaries: Record<Lang, Dictionary> = { fr, en };
const LANG_KEY = 'echanges.lang';

export function initialLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'fr';
}

export function storeLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'fr',
  setLang: () => undefined,
});

export type T = ((key: TextKey, values?: Record<string, string | number>) => string) & { lang: Lang };

/** The page's language and its translate function: t('key', { n: 3 }) fills {n}. */
export function useT(): T {
  const { lang } = useContext(LangContext);
  const dict = dictionaries[lang];
  const t = ((key: TextKey, values?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''))) as T;
  t.lang = lang;
  return t;
}

/** A bilingual text from the API ({fr, en}) in the page's language, French when no English. */
export function localized(text: { fr: string; en?: string | null } | null | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' && text.en) || text.fr;
}
