import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Beyond it no list has rows, and (page - 1) × pageSize would overflow the SQL offset. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  @ApiPropertyOptional({
    description: `Numéro de page (à partir de 1, au plus ${MAX_PAGE})`,
    default: 1,
    minimum: 1,
    maximum: MAX_PAGE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE, { message: 'numéro de page trop grand (maximum 1 000 000)' })
  page: number = 1;

  @ApiPropertyOptional({ description: 'Taille de page (maximum 100)', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * The OpenAPI shape of a page of `item`s, for a list's response class:
 * `export class UserPage extends PageOf(UserListItem) {}` (the schema takes the subclass's name).
 */
export function PageOf<T>(item: Class<T>): Class<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty() page: number;
    @ApiProperty() pageSize: number;
    @ApiProperty() total: number;
  }
  return PageOfItems;
}

export function pageOf<T>(items: T[], query: PageQuery, total: number): Page<T> {
  return { items, page: query.page, pageSize: query.pageSize, total };
}

/** Rows to pass over before the requested page. */
export function pageOffset(query: PageQuery): number {
  return (query.page - 1) * query.pageSize;
}
