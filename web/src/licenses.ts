// The licences an opportunity may name: the API's enum (LICENSE_ALLOW_LIST, in the generated
// schema). The list is written once here for the select; the type checks make it exactly the
// schema's: a licence missing here, or one the API does not know, fails `npm run typecheck`.
import type { Schemas } from './api/client';

export type License = NonNullable<Schemas['CreateOpportunityDto']['license']>;

export const LICENSES = [
  'LiLiQ-P-1.1',
  'LiLiQ-R-1.1',
  'LiLiQ-Rplus-1.1',
  'Apache-2.0',
  'MIT',
  'BSD-3-Clause',
  'MPL-2.0',
  'LGPL-3.0-or-later',
  'GPL-3.0-or-later',
  'AGPL-3.0-or-later',
  'EUPL-1.2',
] as const satisfies readonly License[];

// Every member of the API's enum is in the list (the reverse is checked by `satisfies` above).
type Missing = Exclude<License, (typeof LICENSES)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;
