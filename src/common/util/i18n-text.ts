/** A public text: French mandatory, English optional (domain.md §1). */
export interface I18nText {
  fr: string;
  en?: string | null;
}
