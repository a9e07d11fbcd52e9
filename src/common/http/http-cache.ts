import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** Open data is cacheable by anyone for a minute, then revalidated with its ETag. */
export const OPEN_DATA_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** A strong ETag over the given parts (a body, or the version markers of a stream). */
export const etagOf = (...parts: readonly unknown[]) =>
  `"${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}"`;

/**
 * Sets `ETag` and `Cache-Control`; answers 304 (and returns true) when the client already
 * holds this version (`If-None-Match`).
 */
export function notModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', OPEN_DATA_CACHE_CONTROL);
  const held = req.headers['if-none-match'];
  const tags = (held ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (held && (held.trim() === '*' || tags.includes(etag))) {
    res.status(304).end();
    return true;
  }
  return false;
}
