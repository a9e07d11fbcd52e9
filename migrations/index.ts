import { Foundation1764201600000 } from './1764201600000-foundation';
import { Opportunities1764288000000 } from './1764288000000-opportunities';

/** Every migration, in order. Both PostgreSQL and the embedded PGlite run exactly these. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [Foundation1764201600000, Opportunities1764288000000];
