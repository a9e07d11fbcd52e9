import { posix } from 'node:path';

/**
 * Limits and path rules of a delivered source archive (domain.md §7), pure. The walker
 * (archive-walker.ts) applies them entry by entry, before any byte of an entry is written.
 */
export const ARCHIVE_LIMITS = {
  /** Compressed upload: 100 MB. */
  maxCompressedBytes: 100 * 1024 * 1024,
  /** Expanded tree: 1 GB. */
  maxExpandedBytes: 1024 * 1024 * 1024,
  /** Files, directories and links together. */
  maxEntries: 20_000,
  /** Expanded ÷ compressed, beyond `ratioFloorBytes` expanded (a bomb, not source code). */
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  /** Longest symlink target read from a zip entry. */
  maxLinkTargetBytes: 4096,
} as const;

export type ArchiveLimits = typeof ARCHIVE_LIMITS;

export const REJECTION_REASONS = [
  'unsupported-format',
  'corrupt-archive',
  'too-large',
  'expanded-too-large',
  'too-many-entries',
  'compression-ratio',
  'invalid-name',
  'absolute-path',
  'path-traversal',
  'symlink-escape',
  'hardlink-escape',
  'device-file',
  'fifo',
  'unsupported-entry',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** French text of each reason, for the error message. */
export const REJECTION_MESSAGES: Record<RejectionReason, string> = {
  'unsupported-format': 'L’archive doit être un .tar.gz ou un .zip.',
  'corrupt-archive': 'L’archive est illisible ou corrompue.',
  'too-large': 'L’archive dépasse 100 Mo compressée.',
  'expanded-too-large': 'L’archive dépasse 1 Go une fois décompressée.',
  'too-many-entries': 'L’archive compte plus de 20 000 entrées.',
  'compression-ratio': 'Le taux de compression d’une entrée est anormal (bombe de décompression).',
  'invalid-name': 'Un nom d’entrée est invalide.',
  'absolute-path': 'Une entrée porte un chemin absolu.',
  'path-traversal': 'Une entrée sort du répertoire de l’archive (« ../ »).',
  'symlink-escape': 'Un lien symbolique pointe hors de l’archive.',
  'hardlink-escape': 'Un lien physique pointe hors de l’archive.',
  'device-file': 'L’archive contient un fichier de périphérique.',
  fifo: 'L’archive contient un tube nommé (FIFO).',
  'unsupported-entry': 'L’archive contient un type d’entrée non pris en charge.',
};

/** An archive refused: its reason and the entry concerned (null for the archive as a whole). */
export class ArchiveRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly entry: string | null,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${REJECTION_MESSAGES[reason]}${entry ? ` (${entry})` : ''}`);
    this.name = 'ArchiveRejection';
  }
}

/** The archive's format from its first bytes (gzip or zip), whatever its name says. */
export function detectFormat(head: Buffer): 'tar.gz' | 'zip' | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  return null;
}

/**
 * The clean relative path of an entry name (`./a//b/` → `a/b`), or why it is refused: a NUL
 * byte, an absolute path (`/…`, `\…`, `C:…`), or a `..` segment anywhere (backslashes count
 * as separators). The archive root itself (`./`) is the empty path.
 */
export function entryPath(name: string): { path: string } | { reason: RejectionReason } {
  if (name.includes('\0')) return { reason: 'invalid-name' };
  if (/^[/\\]/.test(name) || /^[A-Za-z]:/.test(name)) return { reason: 'absolute-path' };
  const segments = name.split(/[/\\]/);
  if (segments.includes('..')) return { reason: 'path-traversal' };
  return { path: segments.filter((s) => s !== '' && s !== '.').join('/') };
}

/** A symlink at `path` pointing at `target` stays inside the root (relative, never above it). */
export function symlinkStaysInside(path: string, target: string): boolean {
  const t = target.replace(/\\/g, '/');
  if (t === '' || t.startsWith('/') || /^[A-Za-z]:/.test(t) || t.includes('\0')) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(path), t));
  return resolved !== '..' && !resolved.startsWith('../') && !resolved.startsWith('/');
}

/** A hardlink names another entry of the archive, relative to its root. */
export function hardlinkStaysInside(target: string): boolean {
  const clean = entryPath(target);
  return 'path' in clean && clean.path !== '';
}

/** Expanded bytes beyond the floor that outgrow `maxRatio` × compressed bytes: a bomb. */
export function exceedsRatio(expanded: number, compressed: number, limits: ArchiveLimits = ARCHIVE_LIMITS): boolean {
  return expanded > limits.ratioFloorBytes && expanded > limits.maxRatio * Math.max(compressed, 1);
}
