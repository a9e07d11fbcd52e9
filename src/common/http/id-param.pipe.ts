import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { isUuid } from '../util/uuid';

/**
 * Route ids are UUIDs. A malformed one cannot name anything, so it answers 404 like an
 * absent resource (and never reaches PostgreSQL, which would reject the cast).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw DomainError.notFound();
    return value.toLowerCase();
  }
}
