import { AuditChainHead } from '../audit/entities/audit-chain-head.entity';
import { AuditEvent } from '../audit/entities/audit-event.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { LoginThrottleRow } from '../auth/entities/login-throttle.entity';
import { OutboxJob } from '../jobs/entities/outbox-job.entity';
import { ForgePublicationStep } from '../forge/entities/forge-publication-step.entity';
import { IneligibleEnterprise } from '../organizations/entities/ineligible-enterprise.entity';
import { PublicBody } from '../organizations/entities/public-body.entity';
import { VendorMembership } from '../organizations/entities/vendor-membership.entity';
import { VendorInvitation } from '../organizations/entities/vendor-invitation.entity';
import { VendorOrganization } from '../organizations/entities/vendor-organization.entity';
import { AccountToken } from '../users/entities/account-token.entity';
import { User } from '../users/entities/user.entity';
import { Notification } from '../notifications/entities/notification.entity';
import { OpportunityAddendum } from '../opportunities/entities/opportunity-addendum.entity';
import { OpportunityCriterion } from '../opportunities/entities/opportunity-criterion.entity';
import { OpportunityInvitation } from '../opportunities/entities/opportunity-invitation.entity';
import { OpportunityQuestion } from '../opportunities/entities/opportunity-question.entity';
import { OpportunitySubscription } from '../opportunities/entities/opportunity-subscription.entity';
import { Opportunity } from '../opportunities/entities/opportunity.entity';
import { ProposalAttachment } from '../proposals/entities/proposal-attachment.entity';
import { ProposalPrice } from '../proposals/entities/proposal-price.entity';
import { ProposalVersion } from '../proposals/entities/proposal-version.entity';
import { Proposal } from '../proposals/entities/proposal.entity';
import { CommitteeDeclaration } from '../evaluations/committee/entities/committee-declaration.entity';
import { CommitteeMember } from '../evaluations/committee/entities/committee-member.entity';
import { ConsensusScoreRow } from '../evaluations/scoring/entities/consensus-score.entity';
import { EvaluationDraw } from '../evaluations/ranking/entities/evaluation-draw.entity';
import { IndividualScore } from '../evaluations/scoring/entities/individual-score.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { AppSetting } from './entities/app-setting.entity';
import { ReferenceCounter } from './entities/reference-counter.entity';
import { Contract } from '../contracts/entities/contract.entity';
import { ContractAmendment } from '../contracts/entities/contract-amendment.entity';
import { ContractDeliverable } from '../contracts/entities/contract-deliverable.entity';
import { ContractPayment } from '../contracts/entities/contract-payment.entity';
import { OcdsRelease } from '../ocds/entities/ocds-release.entity';

/** Every entity of the schema; the migration drift check compares them with migrations/. */
export const ALL_ENTITIES = [
  AppSetting,
  AuditChainHead,
  AuditEvent,
  CommitteeDeclaration,
  CommitteeMember,
  Contract,
  ContractAmendment,
  ContractDeliverable,
  ContractPayment,
  ConsensusScoreRow,
  EvaluationDraw,
  ForgePublicationStep,
  LoginThrottleRow,
  IdempotencyRecord,
  IndividualScore,
  IneligibleEnterprise,
  Notification,
  OcdsRelease,
  Opportunity,
  OpportunityAddendum,
  OpportunityCriterion,
  OpportunityInvitation,
  OpportunityQuestion,
  OpportunitySubscription,
  OutboxJob,
  Proposal,
  ProposalAttachment,
  ProposalPrice,
  ProposalVersion,
  PublicBody,
  RefreshToken,
  ReferenceCounter,
  User,
  AccountToken,
  VendorInvitation,
  VendorMembership,
  VendorOrganization,
];
