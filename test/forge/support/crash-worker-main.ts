import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module';
import { ForgePublishJob } from '../../../src/forge/forge-publish.job';
import { ForgePublisher } from '../../../src/forge/forge-publisher';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const crashAt = process.env.CRASH_AT;
  if (crashAt) {
    app.get(ForgePublisher).onStep = (step, phase) => {
      if (`${step}:${phase}` === crashAt) process.kill(process.pid, 'SIGKILL');
    };
  }
  const outcome = await app.get(ForgePublishJob).run(process.env.CONTRACT_ID!, { attempt: 1, maxAttempts: 5 });
  process.stdout.write(`${JSON.stringify({ outcome })}\n`);
  await app.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
