/** A public text: French mandatory, English optional (domain.md §1). */
export interface I18nText {
  fr: string;
  en?: string | null;
}

/** A text as stored and shown: English null when absent or empty. */
export function i18nText(text: I18nText): { fr: string; en: string | null };
export function i18nText(text: I18nText | null | undefined): { fr: string; en: string | null } | null;
export function i18nText(text: I18nText | null | undefined): { fr: string; en: string | null } | null {
  return text ? { fr: text.fr, en: text.en ? text.en : null } : null;
}
