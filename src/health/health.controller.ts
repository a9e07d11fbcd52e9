import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators';
import { withTimeout } from '../common/util/with-timeout';
import { JobDriver } from '../jobs/job-driver';
import { JOB_DRIVER } from '../jobs/outbox-relay.service';

const DATABASE_PROBE_TIMEOUT_MS = 2000;

@ApiTags('Santé')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_DRIVER) private readonly jobs: JobDriver,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Vivacité', description: 'Le processus répond.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Disponibilité',
    description: 'La base de données et, si configurée, la file de tâches (Redis) répondent.',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    // Bounded: a database that does not answer (a partition, a server stuck starting) is down.
    const database = await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_PROBE_TIMEOUT_MS, 'database')
      .then(() => true)
      .catch(() => false);
    const queue = await this.jobs.ping();
    const ok = database && queue;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database: database ? 'up' : 'down', queue: queue ? 'up' : 'down', queueDriver: this.jobs.kind },
    };
  }
}
