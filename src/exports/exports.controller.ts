import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators';
import { DomainError } from '../common/errors/domain-error';
import { ContractPartsReader } from '../contracts/contract-parts';
import { contractCsv, contractsVersion } from './contracts-csv';
import { ContractsExportQuery, ReleasesExportQuery } from './dto/export-query.dto';
import { etagOf, notModified } from '../common/http/http-cache';
import { releaseBounds, releaseLines, releasesVersion } from './release-stream';

@ApiTags('Données ouvertes')
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parts: ContractPartsReader,
  ) {}

  @Get('releases.jsonl')
  @Public()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'Toutes les publications OCDS d’une période, une par ligne (public)',
    description:
      'Flux JSON Lines des publications OCDS publiées dont la date est dans la période, dans l’ordre d’écriture. Mémoire constante quel que soit le volume. OCDS releases as JSON Lines.',
  })
  @ApiOkResponse({ description: 'Une publication OCDS (JSON) par ligne' })
  async releases(@Query() query: ReleasesExportQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const em = this.dataSource.manager;
    const bounds = await releaseBounds(em, query);
    if (bounds.from && bounds.to && Date.parse(bounds.from) > Date.parse(bounds.to)) {
      throw new DomainError('VALIDATION_FAILED', 'La date de début suit la date de fin.', {
        fields: [{ path: 'from', message: 'doit précéder « to »' }],
      });
    }
    if (notModified(req, res, etagOf('releases', bounds, await releasesVersion(em)))) return;
    res.status(200).type('application/x-ndjson; charset=utf-8');
    await stream(res, releaseLines(em, query));
  }

  @Get('contracts.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Contrats d’une année financière, en CSV (public)',
    description:
      'Un contrat par ligne, adjugé entre le 1er avril de l’année financière et le 31 mars suivant (heure de Montréal) : références, organisme, fournisseur et NEQ, mode, date d’adjudication, montants initial, des modifications, total et payé, statut, licence, projet sur la forge. Contracts of a fiscal year as CSV.',
  })
  @ApiOkResponse({ description: 'CSV (UTF-8, séparateur virgule, fins de ligne CRLF)' })
  async contracts(@Query() query: ContractsExportQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const em = this.dataSource.manager;
    if (notModified(req, res, etagOf('contracts', query.fiscalYear, await contractsVersion(em)))) return;
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="contrats-${query.fiscalYear}.csv"`);
    await stream(res, contractCsv(em, query.fiscalYear, this.parts));
  }
}

/** Pipes the pages to the client with backpressure; a client that leaves stops the queries. */
async function stream(res: Response, chunks: AsyncIterable<string | Buffer>): Promise<void> {
  try {
    await pipeline(Readable.from(chunks, { highWaterMark: 2 }), res);
  } catch {
    // The client went away, or a page failed after the headers were sent: the response is cut short.
    res.destroy();
  }
}
