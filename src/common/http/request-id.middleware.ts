import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export interface RequestWithId extends Request {
  id: string;
}

/** Gives every request an id (a caller's well-formed one, or a new UUID) and echoes it. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(REQUEST_ID_HEADER);
  const id = incoming && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
  (req as RequestWithId).id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}
