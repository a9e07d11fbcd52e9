import { EntityManager, In, IsNull } from 'typeorm';
import { ProposalAttachment } from './entities/proposal-attachment.entity';

/**
 * The attachments not removed of some proposals (without their content), oldest first, by
 * proposal: the one query behind the write side's answers and receipt hash and the reads.
 */
export async function activeAttachmentsByProposal(
  em: EntityManager,
  proposalIds: readonly string[],
): Promise<Map<string, ProposalAttachment[]>> {
  const map = new Map<string, ProposalAttachment[]>();
  if (proposalIds.length === 0) return map;
  const rows = await em.getRepository(ProposalAttachment).find({
    where: { proposalId: In([...proposalIds]), removedAt: IsNull() },
    order: { uploadedAt: 'ASC', id: 'ASC' },
  });
  for (const a of rows) {
    const list = map.get(a.proposalId) ?? [];
    list.push(a);
    map.set(a.proposalId, list);
  }
  return map;
}
