import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, validationFailed } from '../errors/domain-error';
import { bodyShapeProblems } from './body-limits';

/** Flattens class-validator errors to `criteria[0].weight`-style paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : error.property;
    const path = parent ? (segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`) : segment;
    const own = fieldMessage(error);
    return [...(own ? [{ path, message: own }] : []), ...toFieldProblems(error.children ?? [], path)];
  });
}

/** The global pipe: whitelist, refuse unknown fields, transform, coded errors. */
export function createValidationPipe(): ValidationPipe {
  return new EchangesValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The value is kept in the error objects only to tell a missing field from a wrong one
    // (fieldMessage); no answer ever echoes it.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationFailed(toFieldProblems(errors)),
  });
}

/**
 * Refuses, before any DTO sees them, strings that PostgreSQL cannot store (a NUL character)
 * or that are not Unicode text (a lone UTF-16 surrogate, which JSON's `\ud800` can carry):
 * anywhere in a body or a query string, at any depth.
 */
class EchangesValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const shape = bodyShapeProblems(value, metadata.data ?? '');
      if (shape.length) throw validationFailed(shape);
      const problems = unstorableStrings(value, metadata.data ?? '');
      if (problems.length) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

const UNSTORABLE_MESSAGE = 'caractère interdit (caractère nul ou UTF-16 invalide)';
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether PostgreSQL can store the string as text (and jsonb): no NUL, well-formed UTF-16. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The paths (`responses[0].text` style) of every unstorable string, or key, under `value`.
 * Iterative (an explicit stack), so that no nesting depth can overflow the call stack.
 */
export function unstorableStrings(value: unknown, path = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<object>();
  // A node is a value to walk, or a key already known to be unstorable (kept in document order).
  type Node = { value: unknown; path: string; badKey?: true };
  const stack: Node[] = [{ value, path }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.badKey || typeof node.value === 'string') {
      if (node.badKey || !isStorableText(node.value as string))
        problems.push({ path: node.path, message: UNSTORABLE_MESSAGE });
      continue;
    }
    if (node.value === null || typeof node.value !== 'object' || seen.has(node.value)) continue;
    seen.add(node.value);
    const children: Node[] = Array.isArray(node.value)
      ? node.value.map((child, i) => ({ value: child, path: `${node.path}[${i}]` }))
      : Object.entries(node.value).map(([key, child]) => {
          const childPath = node.path ? `${node.path}.${key}` : key;
          return isStorableText(key)
            ? { value: child, path: childPath }
            : { value: undefined, path: childPath.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd'), badKey: true };
        });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return problems;
}

/**
 * Which failed constraint speaks for a field, when several do (a missing password fails
 * `isString`, `isNotEmpty` and `maxLength`): the earliest of this list, else the first.
 */
const PRECEDENCE = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isArray',
  'isObject',
  'isNotEmpty',
  'isEmail',
  'isUuid',
  'isIn',
  'isEnum',
  'isIso8601',
  'isDateString',
];

/**
 * One message per field (issue 14): « champ obligatoire » when the value is missing,
 * else the message of the constraint that matters most (PRECEDENCE).
 */
function fieldMessage(error: ValidationError): string | null {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return null;
  if (constraints.some(([c]) => c === 'whitelistValidation')) return FRENCH.whitelistValidation;
  if (error.value === undefined || error.value === null) {
    // A field's own wording of “required” (« le nom est obligatoire ») wins over the generic one.
    const own = constraints.find(
      ([c, m]) => (c === 'isDefined' || c === 'isNotEmpty') && !isDefaultMessage(error.property, m),
    );
    return own ? own[1] : FRENCH.isDefined;
  }
  const rank = (c: string) => (PRECEDENCE.includes(c) ? PRECEDENCE.indexOf(c) : PRECEDENCE.length);
  const [constraint, message] = constraints.reduce((best, next) => (rank(next[0]) < rank(best[0]) ? next : best));
  return frenchMessage(error.property, constraint, message);
}

/** French wording for class-validator's default (English) messages; custom ones are kept. */
const FRENCH: Record<string, string> = {
  whitelistValidation: 'champ inconnu',
  isDefined: 'champ obligatoire',
  isNotEmpty: 'ne doit pas être vide',
  isString: 'doit être une chaîne de caractères',
  isBoolean: 'doit être un booléen',
  isInt: 'doit être un nombre entier',
  isNumber: 'doit être un nombre',
  isPositive: 'doit être positif',
  min: 'valeur trop petite',
  max: 'valeur trop grande',
  minLength: 'trop court',
  maxLength: 'trop long',
  isEmail: 'adresse courriel invalide',
  isIn: 'valeur non permise',
  isEnum: 'valeur non permise',
  isUuid: 'identifiant invalide',
  isIso8601: 'date invalide (format ISO 8601 attendu)',
  isDateString: 'date invalide (format ISO 8601 attendu)',
  isArray: 'doit être une liste',
  arrayMinSize: 'liste trop courte',
  arrayMaxSize: 'liste trop longue',
  isObject: 'doit être un objet',
  nestedValidation: 'doit être un objet valide',
  matches: 'format invalide',
};

function isDefaultMessage(property: string, message: string): boolean {
  return (
    message.startsWith(`${property} `) ||
    message.startsWith('property ') ||
    message.startsWith('nested property ') ||
    message.startsWith('each value in')
  );
}

export function frenchMessage(property: string, constraint: string, message: string): string {
  return isDefaultMessage(property, message) && FRENCH[constraint] ? FRENCH[constraint] : message;
}
