import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { FieldProblem, validationFailed } from '../errors/domain-error';

/**
 * What a JSON body may be before any DTO sees it (README “Limits on requests”). Transforming
 * and validating a body costs more than linear time in its number of keys, so bodies are
 * bounded where it is cheap: the size while reading, then one iterative walk over the parsed
 * value (depth, keys per object, values in all, keys that name JavaScript internals).
 */
export const BODY_LIMITS = {
  /** Most routes: small bodies (a log-in, a vendor, a committee). */
  defaultBytes: 100 * 1024,
  /** Routes that carry long Markdown texts (see LONG_TEXT_ROUTES). */
  longTextBytes: 1024 * 1024,
  /** Nesting of objects and arrays (the deepest DTO is 4 levels). */
  maxDepth: 16,
  /** Keys of one object (the widest DTO has about 30 fields). */
  maxKeysPerObject: 100,
  /** Objects, arrays and scalars in the whole body (the largest legal body has about 1 000). */
  maxValues: 10_000,
} as const;

/** Routes whose bodies hold long texts (opportunity descriptions, answers of a proposal, evaluation notes). */
export const LONG_TEXT_ROUTES: readonly [string, RegExp][] = [
  ['POST', /^\/api\/v1\/opportunities\/?$/],
  ['PATCH', /^\/api\/v1\/opportunities\/[^/]+\/?$/],
  ['POST', /^\/api\/v1\/opportunities\/[^/]+\/(addenda|proposals|questions)\/?$/],
  ['PATCH', /^\/api\/v1\/proposals\/[^/]+\/?$/],
  ['PUT', /^\/api\/v1\/proposals\/[^/]+\/(scores|consensus)\/?$/],
];

/** Keys that would reach Object.prototype or a constructor if any code merged the body. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function bodyLimitFor(method: string, path: string): number {
  const long = LONG_TEXT_ROUTES.some(([m, pattern]) => m === method && pattern.test(path));
  return long ? BODY_LIMITS.longTextBytes : BODY_LIMITS.defaultBytes;
}

/**
 * The body's shape problems, or [] when it is within the limits: the bounds above, keys that
 * name JavaScript internals, and a list directly inside a list (no DTO has one; a list of
 * objects must hold objects, so `criteria: [[{…}]]` is refused with its path). Iterative (an
 * explicit stack), so that no nesting depth can overflow the call stack; stops at the first
 * exceeded bound.
 */
export function bodyShapeProblems(body: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: root, depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (++values > BODY_LIMITS.maxValues) {
      return [{ path: '', message: `corps trop complexe (au plus ${BODY_LIMITS.maxValues} valeurs)` }];
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= BODY_LIMITS.maxDepth) {
      return [{ path, message: `imbrication trop profonde (au plus ${BODY_LIMITS.maxDepth} niveaux)` }];
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child = `${path}[${i}]`;
        if (Array.isArray(value[i])) problems.push({ path: child, message: 'une liste ne peut pas contenir de liste' });
        else stack.push({ value: value[i], path: child, depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > BODY_LIMITS.maxKeysPerObject) {
      return [{ path, message: `trop de champs (au plus ${BODY_LIMITS.maxKeysPerObject} par objet)` }];
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: child, message: 'nom de champ interdit' });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * The JSON body parser of every route: the size limit of the route, then the shape check.
 * A body over its limit is 413 PAYLOAD_TOO_LARGE; a body of the wrong shape 400 VALIDATION_FAILED.
 */
export function jsonBodyParser(): RequestHandler {
  const parsers = new Map<number, RequestHandler>();
  const parserFor = (limit: number) => {
    if (!parsers.has(limit)) parsers.set(limit, json({ limit }));
    return parsers.get(limit)!;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    parserFor(bodyLimitFor(req.method, req.path))(req, res, (error?: unknown) => {
      if (error) return next(error);
      const problems = req.body === undefined ? [] : bodyShapeProblems(req.body);
      if (problems.length > 0)
        return next(validationFailed(problems, 'Le corps de la requête dépasse les limites permises.'));
      next();
    });
  };
}
