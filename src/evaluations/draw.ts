/**
 * The draw that breaks a tie at rank 1 (domain.md §6): deterministic from a stored random
 * seed, so anyone can recompute it from the audited record (docs/evaluation.md gives a shell
 * one-liner). Only `newDrawSeed` uses randomness; everything else is pure.
 */
import { createHash, randomBytes } from 'node:crypto';
import { validationFailed } from '../common/errors/domain-error';

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
