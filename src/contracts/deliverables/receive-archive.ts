import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { validationFailed } from '../../common/errors/domain-error';
import { ArchiveRejection, detectFormat } from '../archive/archive.rules';
import type { ArchiveFormat } from '../entities/contract-deliverable.entity';

export interface ReceivedArchive {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  format: ArchiveFormat;
}

const missing = () => validationFailed([{ path: 'archive', message: 'Joignez l’archive dans le champ « archive ».' }]);

/**
 * Streams the multipart field `archive` of `req` into `tempPath` (busboy, never in memory),
 * computing its SHA-256 and size as it goes. Beyond `maxBytes` the rest of the upload is read
 * and discarded (so the client gets its answer) and the archive is refused (`too-large`).
 * Other fields and parts are ignored. The caller removes `tempPath` in every case.
 */
export function receiveArchive(req: IncomingMessage, tempPath: string, maxBytes: number): Promise<ReceivedArchive> {
  return new Promise((resolve, fail) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 20, parts: 25 } });
    } catch {
      return fail(missing());
    }
    let written: Promise<ReceivedArchive> | null = null;
    let tooLarge = false;
    parser.on('file', (field, stream, info) => {
      if (field !== 'archive' || written) {
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      const meter = new Transform({
        transform(chunk: Buffer, _e, done) {
          size += chunk.length;
          if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      stream.on('limit', () => {
        tooLarge = true;
      });
      written = pipeline(stream, meter, createWriteStream(tempPath, { flags: 'wx' })).then(() => {
        const format = detectFormat(head);
        if (tooLarge) throw new ArchiveRejection('too-large', null, { maxBytes });
        if (!format) throw new ArchiveRejection('unsupported-format', info.filename || null);
        return {
          fileName: (info.filename || `archive.${format}`).slice(0, 255),
          sizeBytes: size,
          sha256: hash.digest('hex'),
          format,
        };
      });
      // Settled by 'close' below; keep an early failure from going unhandled meanwhile.
      written.catch(() => undefined);
    });
    parser.on('error', () => fail(validationFailed([{ path: 'archive', message: 'Envoi multipart illisible.' }])));
    parser.on('close', () => {
      if (!written) return fail(missing());
      written.then(resolve, fail);
    });
    req.on('aborted', () => fail(new Error('upload aborted')));
    req.pipe(parser);
  });
}
