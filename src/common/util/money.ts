import type { Language } from '../../users/entities/user.entity';

const NBSP = '\u00a0';

/** Groups of three digits joined by `separator`. */
const grouped = (digits: string, separator: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);

/**
 * An amount in cents as Québec reads it: « 52 173,91 $ » (no-break spaces), "$52,173.91".
 * Integer arithmetic only: the cents are printed, never recomputed.
 */
export function formatMoney(cents: number, language: Language = 'fr'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = grouped(String(Math.trunc(abs / 100)), language === 'fr' ? NBSP : ',');
  const fraction = String(abs % 100).padStart(2, '0');
  return language === 'fr' ? `${sign}${whole},${fraction}${NBSP}$` : `${sign}$${whole}.${fraction}`;
}
