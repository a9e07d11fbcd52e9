import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth/decorators';
import { etagOf, notModified } from '../common/http/http-cache';
import { OcdsPackage, OcdsPackagesService } from './ocds-packages.service';

const OCID = {
  name: 'ocid',
  description: 'Identifiant OCDS : `<OCDS_PREFIX>-<référence>`',
  example: 'ocds-ech000-EEC-2026-0001',
};

@ApiTags('Données ouvertes')
@Controller('ocds')
export class OcdsController {
  constructor(private readonly packages: OcdsPackagesService) {}

  @Get('releases/:ocid')
  @Public()
  @ApiOperation({
    summary: 'Paquet de publications OCDS d’un processus (public)',
    description:
      'Toutes les publications (releases) OCDS 1.1 publiées pour cet ocid, dans l’ordre. Ne contient que ce que le public peut voir au moment décrit. OCDS release package.',
  })
  @ApiParam(OCID)
  @ApiOkResponse({ description: 'Paquet de publications (release package)' })
  @ApiNotFoundResponse({ description: 'Aucune publication pour cet ocid' })
  async releases(@Param('ocid') ocid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(req, res, await this.packages.releasePackage(ocid));
  }

  @Get('records/:ocid')
  @Public()
  @ApiOperation({
    summary: 'Paquet d’enregistrement OCDS d’un processus (public)',
    description:
      'L’enregistrement (record) de cet ocid : ses publications et la publication compilée selon les règles de fusion OCDS. OCDS record package with compiledRelease.',
  })
  @ApiParam(OCID)
  @ApiOkResponse({ description: 'Paquet d’enregistrement (record package)' })
  @ApiNotFoundResponse({ description: 'Aucune publication pour cet ocid' })
  async records(@Param('ocid') ocid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(req, res, await this.packages.recordPackage(ocid));
  }
}

function send(req: Request, res: Response, body: OcdsPackage): void {
  const json = JSON.stringify(body);
  if (notModified(req, res, etagOf(json))) return;
  res.status(200).type('application/json; charset=utf-8').send(json);
}
