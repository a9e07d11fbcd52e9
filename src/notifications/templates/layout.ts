import type { Recipient } from '../notification.types';

export type Language = Recipient['language'];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What a template says, as blocks; the layout writes both the text and the (escaped) HTML part. */
export type Block =
  | { kind: 'paragraph'; text: string }
  /** Text written by someone (a question, an answer, a reason), shown as a quotation. */
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'link'; label: string; href: string };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const quote = (label: string, text: string): Block => ({ kind: 'quote', label, text });
/** A link block, or nothing when the notification carries no link. */
export const linkTo = (label: string, href: string | undefined): Block[] =>
  href ? [{ kind: 'link', label, href }] : [];

const SUBJECT_MAX = 250;

const WORDING: Record<Language, { greeting: string; signature: string; automatic: string; colon: string }> = {
  fr: {
    greeting: 'Bonjour,',
    signature: 'Échanges entre concepteurs · Développe avec nous',
    automatic: 'Ce courriel est envoyé automatiquement ; merci de ne pas y répondre.',
    colon: ' :',
  },
  en: {
    greeting: 'Hello,',
    signature: 'Échanges entre concepteurs · Développe avec nous',
    automatic: 'This e-mail was sent automatically; please do not reply.',
    colon: ':',
  },
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const escapeLines = (text: string) => escapeHtml(text.trim()).replace(/\r?\n/g, '<br>\n');

function subjectLine(subject: string): string {
  const line = subject.replace(/\s+/g, ' ').trim();
  return line.length <= SUBJECT_MAX ? line : `${line.slice(0, SUBJECT_MAX - 1)}…`;
}

function textBlock(block: Block, language: Language): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'quote':
      return `${block.label}${WORDING[language].colon}\n${block.text
        .trim()
        .split(/\r?\n/)
        .map((l) => `> ${l}`)
        .join('\n')}`;
    case 'link':
      return `${block.label}${WORDING[language].colon} ${block.href}`;
  }
}

function htmlBlock(block: Block, language: Language): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeLines(block.text)}</p>`;
    case 'quote':
      return (
        `<p><strong>${escapeHtml(block.label)}</strong>${escapeHtml(WORDING[language].colon)}</p>\n` +
        `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #c5c5c5">${escapeLines(block.text)}</blockquote>`
      );
    case 'link':
      return `<p><a href="${escapeHtml(block.href)}">${escapeHtml(block.label)}</a></p>`;
  }
}

/** The e-mail around a template's blocks: greeting, blocks, signature; text and HTML alike. */
export function compose(language: Language, subject: string, blocks: Block[]): RenderedEmail {
  const w = WORDING[language];
  const line = subjectLine(subject);
  const text =
    [w.greeting, ...blocks.map((b) => textBlock(b, language)), `—\n${w.signature}\n${w.automatic}`].join('\n\n') + '\n';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(line)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a">',
    `<p>${escapeHtml(w.greeting)}</p>`,
    ...blocks.map((b) => htmlBlock(b, language)),
    `<hr style="border:0;border-top:1px solid #ddd">`,
    `<p style="font-size:12px;color:#555">${escapeHtml(w.signature)}<br>\n${escapeHtml(w.automatic)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject: line, text, html: `${html}\n` };
}
