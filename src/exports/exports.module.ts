import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';

/** The bulk open-data streams (docs/open-data.md): releases as JSON Lines, contracts as CSV. */
@Module({ controllers: [ExportsController] })
export class ExportsModule {}
