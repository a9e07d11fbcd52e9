import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm';

/** An entity's selected columns as plain SQL, and the mapping of such a row back to the entity. */
export interface EntityRows<T> {
  /** `alias.column AS "alias.property", …` for every column TypeORM selects by default. */
  select(alias: string): string;
  /** The entity of a row read with `select(alias)`, with the values TypeORM itself would give. */
  hydrate(row: Record<string, unknown>, alias: string): T;
}

const cache = new WeakMap<EntityMetadata, EntityRows<ObjectLiteral>>();

/**
 * An entity read by a hand-written statement (a hot path: the opportunity's lock, taken by
 * every command) without building a query builder per request: the column list is derived
 * once from TypeORM's metadata, and each value goes through the driver's own hydration
 * (dates, numerics, arrays), as a query builder's `getOne` does. Columns that TypeORM does not
 * select by default (`select: false`) are left out. Not for entities with embedded columns.
 */
export function entityRows<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>): EntityRows<T> {
  const metadata = em.connection.getMetadata(target);
  const known = cache.get(metadata);
  if (known) return known as EntityRows<T>;
  const driver = em.connection.driver;
  const columns = metadata.columns.filter((c) => c.isSelect && !c.isVirtual);
  if (columns.some((c) => c.embeddedMetadata)) throw new Error(`${metadata.name}: embedded columns not supported`);
  const rows: EntityRows<T> = {
    select: (alias) => columns.map((c) => `${alias}."${c.databaseName}" AS "${alias}.${c.propertyName}"`).join(', '),
    hydrate: (row, alias) => {
      const entity = metadata.create() as T;
      for (const c of columns) {
        (entity as ObjectLiteral)[c.propertyName] = driver.prepareHydratedValue(row[`${alias}.${c.propertyName}`], c);
      }
      return entity;
    },
  };
  cache.set(metadata, rows);
  return rows;
}
