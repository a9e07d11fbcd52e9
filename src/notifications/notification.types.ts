/** Someone an e-mail goes to, in their preferred language. */
export interface Recipient {
  userId: string | null;
  email: string;
  language: 'fr' | 'en';
}

/** Every e-mail the platform sends; each has a French and an English template. */
export const NOTIFICATION_TEMPLATES = [
  'opportunity-published',
  'opportunity-addendum',
  'opportunity-answer',
  'opportunity-cancelled',
  'opportunity-closed',
  'proposal-receipt',
  'committee-appointed',
  'proposal-result',
  'opportunity-unsuccessful',
  'vendor-invitation',
  'contract-accepted',
  'forge-publication-done',
  'forge-publication-failed',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export interface NotificationRequest {
  template: NotificationTemplate;
  recipients: Recipient[];
  /** What the e-mail is about (recorded, and used in the default dedup key). */
  entityType: string;
  entityId: string;
  /** Values the template needs (reference, title, deadline, link…). Never sealed content. */
  data: Record<string, unknown>;
  /**
   * Identifies this event (e.g. `opportunity-published:<id>`); with the recipient's e-mail
   * it makes the dedup key, so the same event never e-mails the same person twice.
   */
  eventKey: string;
}
