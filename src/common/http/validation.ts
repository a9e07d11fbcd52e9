import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, validationFailed } from '../errors/domain-error';

/** Flattens class-validator errors to `criteria[0].weight`-style paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : error.property;
    const path = parent ? (segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`) : segment;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path,
      message: frenchMessage(error.property, constraint, message),
    }));
    return [...own, ...toFieldProblems(error.children ?? [], path)];
  });
}

/** The global pipe: whitelist, refuse unknown fields, transform, coded errors. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(toFieldProblems(errors)),
  });
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
  isUUID: 'identifiant invalide',
  isISO8601: 'date invalide (ISO 8601 attendu)',
  isDateString: 'date invalide (ISO 8601 attendu)',
  isArray: 'doit être une liste',
  arrayMinSize: 'liste trop courte',
  arrayMaxSize: 'liste trop longue',
  isObject: 'doit être un objet',
  nestedValidation: 'doit être un objet valide',
  matches: 'format invalide',
};

export function frenchMessage(property: string, constraint: string, message: string): string {
  const isDefault = message.startsWith(`${property} `) || message.startsWith('property ') || message.startsWith('nested property ') || message.startsWith('each value in');
  return isDefault && FRENCH[constraint] ? FRENCH[constraint] : message;
}
