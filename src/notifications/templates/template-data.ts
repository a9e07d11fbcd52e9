import { montrealWallClock } from '../../common/util/montreal-time';
import { formatMoney } from '../../common/util/money';
import type { Language, RenderedEmail } from './layout';

export { formatMoney };

const MONTHS: Record<Language, readonly string[]> = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/**
 * A deadline as Montréal reads it: « 20 janvier 2027 à 14 h 00 (heure de Montréal) »,
 * "January 20, 2027, 2:00 p.m. (Montréal time)".
 */
export function formatDeadline(at: Date, language: Language): string {
  // Numeric parts only: month names and punctuation are ours, whatever ICU data Node carries.
  const { year, month, day, hour, minute } = montrealWallClock(at);
  const mm = String(minute).padStart(2, '0');
  const monthName = MONTHS[language][month - 1];
  if (language === 'fr') {
    return `${day === 1 ? '1er' : day} ${monthName} ${year} à ${hour} h ${mm} (heure de Montréal)`;
  }
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${monthName} ${day}, ${year}, ${hour12}:${mm} ${hour < 12 ? 'a.m.' : 'p.m.'} (Montréal time)`;
}

/** A decimal text with 2 decimals (a quality score, "85.00"), with a decimal comma in French. */
export function formatDecimal(text: string, language: Language): string {
  return language === 'fr' ? text.replace('.', ',') : text;
}

/** The notification's data does not fit its template: retrying will not help. */
export class NotificationDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationDataError';
  }
}

export interface RenderContext {
  /** Base of relative links (PUBLIC_WEB_URL). */
  publicWebUrl: string;
}

/**
 * Reads a notification's `data` for one recipient's language, checking each field a template
 * uses. Texts are `{fr, en?}` (or a plain string): the recipient's language, else French.
 */
export class TemplateData {
  constructor(
    private readonly data: Record<string, unknown>,
    readonly language: Language,
    private readonly context: RenderContext,
  ) {}

  private fail(field: string, expected: string): never {
    throw new NotificationDataError(
      `data.${field} : valeur attendue : ${expected} ; valeur reçue : ${JSON.stringify(this.data[field]) ?? 'aucune'}`,
    );
  }

  text(field: string): string {
    const value = this.optionalText(field);
    return value ?? this.fail(field, 'un texte {fr, en?}');
  }

  optionalText(field: string): string | undefined {
    const value = this.data[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const texts = value as Record<string, unknown>;
      const chosen = [texts[this.language], texts.fr].find((t) => typeof t === 'string' && t.trim());
      if (typeof chosen === 'string') return chosen;
    }
    return this.fail(field, 'un texte {fr, en?}');
  }

  integer(field: string): number {
    return this.optionalInteger(field) ?? this.fail(field, 'un entier');
  }

  optionalInteger(field: string): number | undefined {
    const value = this.data[field];
    if (value === undefined || value === null) return undefined;
    return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : this.fail(field, 'un entier');
  }

  /** An amount in cents (a non-negative integer), formatted for the recipient's language. */
  money(field: string): string {
    return formatMoney(this.integer(field), this.language);
  }

  optionalMoney(field: string): string | undefined {
    const cents = this.optionalInteger(field);
    return cents === undefined ? undefined : formatMoney(cents, this.language);
  }

  /** A decimal with 2 decimals as text ("85.00"), e.g. a quality score. */
  optionalDecimal(field: string): string | undefined {
    const value = this.data[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' && /^\d{1,3}\.\d{2}$/.test(value)
      ? formatDecimal(value, this.language)
      : this.fail(field, 'un nombre décimal à 2 décimales');
  }

  boolean(field: string): boolean {
    const value = this.data[field];
    return typeof value === 'boolean' ? value : this.fail(field, 'un booléen');
  }

  /** An ISO 8601 instant, formatted in the America/Montreal time zone. */
  deadline(field = 'proposalDeadline'): string {
    return this.optionalDeadline(field) ?? this.fail(field, 'une date ISO 8601');
  }

  optionalDeadline(field: string): string | undefined {
    const value = this.data[field];
    if (value === undefined || value === null) return undefined;
    const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
    if (!at || Number.isNaN(at.getTime())) return this.fail(field, 'une date ISO 8601');
    return formatDeadline(at, this.language);
  }

  get reference(): string {
    const value = this.data.reference;
    return typeof value === 'string' && value.trim() ? oneLine(value) : this.fail('reference', 'une référence');
  }

  get title(): string {
    return oneLine(this.text('title'));
  }

  /**
   * `data.url`, absolute (http/https) or relative to PUBLIC_WEB_URL; without it, the
   * opportunity's page (`opportunities/<opportunityId>`) when the data names one.
   */
  get url(): string | undefined {
    const opportunityId = this.data.opportunityId;
    const value =
      this.data.url ??
      (typeof opportunityId === 'string' && /^[0-9a-f-]{36}$/i.test(opportunityId)
        ? `opportunities/${opportunityId}`
        : undefined);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !value.trim()) return this.fail('url', 'une adresse');
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(value)
      ? value
      : `${this.context.publicWebUrl.replace(/\/+$/, '')}/${value.replace(/^\/+/, '')}`;
    let url: URL;
    try {
      url = new URL(absolute);
    } catch {
      return this.fail('url', 'une adresse valide');
    }
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.toString()
      : this.fail('url', 'une adresse http(s)');
  }
}

/** One line, for subjects and inline names: no line breaks (no header injection), no runs of spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One template: a pure function per language, from the notification's data to the e-mail. */
export type TemplateDefinition = Record<Language, (d: TemplateData) => RenderedEmail>;
