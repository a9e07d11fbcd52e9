/**
 * The draw that breaks a tie at rank 1 (domain.md §6): deterministic from a stored random
 * seed, so anyone can recompute it from the audited record (docs/evaluation.md gives a shell
 * one-liner). Only `newDrawSeed` uses randomness; everything else is pure.
 */
import { EntityManager } from 'typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { validationFailed } from '../../common/errors/domain-error';

/** Stored with every draw; describes the computation exactly. */
export const DRAW_ALGORITHM =
  'sha256-mod-v1: candidates = proposal ids in lower case, sorted ascending by byte value (ASCII), without duplicates; ' +
  'message = seed bytes (the 32-byte seed decoded from its 64 hex digits) ‖ "|" ‖ the sorted ids joined by "," (ASCII, no spaces, no trailing newline); ' +
  'digest = SHA-256(message); winner index = digest read as a big-endian unsigned 256-bit integer, modulo the number of candidates (0-based); ' +
  'winner = candidates[winner index]';

export const DRAW_SEED_BYTES = 32;
const SEED_HEX = /^[0-9a-f]{64}$/;

export interface DrawResult {
  algorithm: string;
  /** Lower-case hex of the 32-byte seed. */
  seedHex: string;
  /** The candidates in the order the algorithm uses (lower case, sorted). */
  candidateIds: string[];
  /** SHA-256 of the message, lower-case hex. */
  digestHex: string;
  winnerIndex: number;
  winnerId: string;
}

/** What is stored and audited for a draw. */
export type DrawRecord = Pick<DrawResult, 'algorithm' | 'seedHex' | 'candidateIds' | 'winnerId'>;

/** A fresh cryptographic seed, 32 bytes as 64 lower-case hex digits. */
export function newDrawSeed(): string {
  return randomBytes(DRAW_SEED_BYTES).toString('hex');
}

/** The candidates as the algorithm orders them: lower case, ascending by code unit (ASCII ids). */
export function sortDrawCandidates(candidateIds: readonly string[]): string[] {
  return candidateIds.map((id) => id.trim().toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Runs `sha256-mod-v1` (see DRAW_ALGORITHM). Needs ≥ 2 distinct ASCII ids without "," or "|". */
export function drawWinner(seedHex: string, candidateIds: readonly string[]): DrawResult {
  const seed = seedHex.trim().toLowerCase();
  const sorted = sortDrawCandidates(candidateIds);
  if (!SEED_HEX.test(seed))
    throw validationFailed([{ path: 'seed', message: 'la graine doit compter 64 chiffres hexadécimaux (32 octets)' }]);
  if (sorted.length < 2)
    throw validationFailed([{ path: 'candidateIds', message: 'un tirage demande au moins 2 candidats' }]);
  if (new Set(sorted).size !== sorted.length)
    throw validationFailed([{ path: 'candidateIds', message: 'candidats en double' }]);
  if (sorted.some((id) => id === '' || !/^[\x21-\x7e]+$/.test(id) || id.includes(',') || id.includes('|'))) {
    throw validationFailed([{ path: 'candidateIds', message: 'identifiant de candidat invalide' }]);
  }
  const message = Buffer.concat([Buffer.from(seed, 'hex'), Buffer.from(`|${sorted.join(',')}`, 'ascii')]);
  const digestHex = createHash('sha256').update(message).digest('hex');
  const winnerIndex = Number(BigInt(`0x${digestHex}`) % BigInt(sorted.length));
  return {
    algorithm: DRAW_ALGORITHM,
    seedHex: seed,
    candidateIds: sorted,
    digestHex,
    winnerIndex,
    winnerId: sorted[winnerIndex],
  };
}

/** Recomputes a stored draw: true when the algorithm is known and the stored winner is the result. */
export function verifyDraw(record: DrawRecord): boolean {
  if (record.algorithm !== DRAW_ALGORITHM) return false;
  const again = drawWinner(record.seedHex, record.candidateIds);
  return again.winnerId === record.winnerId.trim().toLowerCase();
}

// ─── Draws on record ────────────────────────────────────────────────────────────────

/** A draw on record: its candidates and its winner (lower-case ids). */
export interface DrawOnRecord {
  candidates: readonly string[];
  winnerProposalId: string;
}

/**
 * The draw decides between the proposals tied at rank 1 when its winner is one of them and
 * every one of them was a candidate. It no longer decides when its winner was disqualified
 * since (ineligible at award), or when the tie now holds proposals it did not include.
 */
export function drawDecides(draw: DrawOnRecord | null | undefined, tiedIds: readonly string[]): boolean {
  if (!draw) return false;
  const candidates = new Set(draw.candidates.map((c) => c.toLowerCase()));
  const tied = tiedIds.map((t) => t.toLowerCase());
  return tied.includes(draw.winnerProposalId.toLowerCase()) && tied.every((t) => candidates.has(t));
}

export interface StoredDraw extends DrawOnRecord {
  round: number;
  seed: string;
  algorithm: string;
  candidates: string[];
  drawnAt: Date;
}

/** A draw row as `lastDraw` selects it. */
export interface DrawRow {
  round: number;
  seed: string;
  algorithm: string;
  candidates: string[];
  winner_proposal_id: string;
  drawn_at: Date;
}

/** The columns of the latest draw of opportunity `opportunityId` (an SQL expression), for a query that joins it. */
export const lastDrawSql = (opportunityId: string) =>
  `SELECT round, seed, algorithm, candidates::text[] AS candidates, winner_proposal_id, drawn_at
     FROM evaluation_draw WHERE opportunity_id = ${opportunityId} ORDER BY round DESC LIMIT 1`;

/** A stored draw from its row. */
export function storedDraw(row: DrawRow): StoredDraw {
  return {
    round: row.round,
    seed: row.seed,
    algorithm: row.algorithm,
    candidates: row.candidates,
    winnerProposalId: row.winner_proposal_id,
    drawnAt: new Date(row.drawn_at),
  };
}

/** The latest draw of the opportunity (highest round), or null. */
export async function lastDraw(em: EntityManager, opportunityId: string): Promise<StoredDraw | null> {
  const [row] = await em.query<DrawRow[]>(lastDrawSql('$1'), [opportunityId]);
  return row ? storedDraw(row) : null;
}
