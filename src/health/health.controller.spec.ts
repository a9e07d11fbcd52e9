import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { JobDriver } from '../jobs/job-driver';
import { HealthController } from './health.controller';

function controller(query: () => Promise<unknown>, ping = true) {
  const dataSource = { query } as unknown as DataSource;
  const jobs = { kind: 'inline', ping: async () => ping } as unknown as JobDriver;
  return new HealthController(dataSource, jobs);
}

function response() {
  const res = { statusCode: 0, status: (code: number) => ((res.statusCode = code), res) };
  return res;
}

describe('GET /health/ready', () => {
  it('is ready when the database and the queue answer', async () => {
    const res = response();
    const body = await controller(async () => [{ '?column?': 1 }]).ready(res as unknown as Response);
    expect([res.statusCode, body.checks]).toEqual([200, { database: 'up', queue: 'up', queueDriver: 'inline' }]);
  });

  it('answers unready within its bound when the database never answers', async () => {
    const res = response();
    const started = Date.now();
    const body = await controller(() => new Promise(() => undefined)).ready(res as unknown as Response);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect([res.statusCode, body.status, body.checks.database]).toEqual([503, 'unavailable', 'down']);
  });

  it('is unready when the queue is down', async () => {
    const res = response();
    const body = await controller(async () => [], false).ready(res as unknown as Response);
    expect([res.statusCode, body.checks.queue]).toEqual([503, 'down']);
  });
});
