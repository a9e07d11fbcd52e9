import { AuditChainHead } from '../audit/entities/audit-chain-head.entity';
import { AuditEvent } from '../audit/entities/audit-event.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { OutboxJob } from '../jobs/entities/outbox-job.entity';
import { IneligibleEnterprise } from '../organizations/entities/ineligible-enterprise.entity';
import { PublicBody } from '../organizations/entities/public-body.entity';
import { VendorMembership } from '../organizations/entities/vendor-membership.entity';
import { VendorOrganization } from '../organizations/entities/vendor-organization.entity';
import { User } from '../users/entities/user.entity';
import { AppSetting } from './entities/app-setting.entity';

/** Every entity of the schema; the migration drift check compares them with migrations/. */
export const ALL_ENTITIES = [
  AppSetting,
  AuditChainHead,
  AuditEvent,
  IneligibleEnterprise,
  OutboxJob,
  PublicBody,
  RefreshToken,
  User,
  VendorMembership,
  VendorOrganization,
];
