import { Foundation1764201600000 } from './1764201600000-foundation';
import { Opportunities1764288000000 } from './1764288000000-opportunities';
import { OpportunitySearch1764374400000 } from './1764374400000-opportunity-search';
import { NotificationDeliveryNote1795755495063 } from './1795755495063-notification-delivery-note';
import { Proposals1795800000000 } from './1795800000000-proposals';
import { Committee1795900000000 } from './1795900000000-committee';
import { Scores1796000000000 } from './1796000000000-scores';
import { Award1796100000000 } from './1796100000000-award';
import { NotificationDedupText1796200000000 } from './1796200000000-notification-dedup-text';
import { EdgeHardening1797100000000 } from './1797100000000-edge-hardening';
import { VendorInvitations1797100001000 } from './1797100001000-vendor-invitations';
import { FrozenRuleSettings1797300000000 } from './1797300000000-frozen-rule-settings';
import { Contracts1797400000000 } from './1797400000000-contracts';
import { OcdsReleases1797500000000 } from './1797500000000-ocds-releases';
import { ForgePublication1797600000000 } from './1797600000000-forge-publication';
import { SearchRankVector1797700000000 } from './1797700000000-search-rank-vector';
import { Accounts1797800000000 } from './1797800000000-accounts';
import { SearchRankTerms1798000000000 } from './1798000000000-search-rank-terms';
import { AuditSealing1798100000000 } from './1798100000000-audit-sealing';
import { IdempotencyJson1798200000000 } from './1798200000000-idempotency-json';

/** Every migration, in order. Both PostgreSQL and the embedded PGlite run exactly these. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [
  Foundation1764201600000,
  Opportunities1764288000000,
  OpportunitySearch1764374400000,
  NotificationDeliveryNote1795755495063,
  Proposals1795800000000,
  Committee1795900000000,
  Scores1796000000000,
  Award1796100000000,
  NotificationDedupText1796200000000,
  EdgeHardening1797100000000,
  VendorInvitations1797100001000,
  FrozenRuleSettings1797300000000,
  Contracts1797400000000,
  OcdsReleases1797500000000,
  ForgePublication1797600000000,
  SearchRankVector1797700000000,
  Accounts1797800000000,
  SearchRankTerms1798000000000,
  AuditSealing1798100000000,
  IdempotencyJson1798200000000,
];
