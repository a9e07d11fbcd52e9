import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Route ids are UUIDs. A malformed one cannot name anything, so it answers 404 like an
 * absent resource (and never reaches PostgreSQL, which would reject the cast).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw DomainError.notFound();
    return value.toLowerCase();
  }
}
