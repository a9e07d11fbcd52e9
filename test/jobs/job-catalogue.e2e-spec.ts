import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { APP_JOB_NAMES, JobName } from '../../src/jobs/job-catalogue';
import { JobRegistry } from '../../src/jobs/job-registry';
import { JobRequest } from '../../src/jobs/job.types';
import { AppModule } from '../../src/app.module';
import { configureHttp } from '../../src/common/http/configure-http';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const UNHANDLED = 'testjobs.unhandled';

declare module '../../src/jobs/job-catalogue' {
  interface JobCatalogue {
    [UNHANDLED]: { n: number };
  }
}

const noHandler = (name: string) => `la tâche « ${name} » n’a pas de gestionnaire / job "${name}" has no handler`;
const done = { handle: async () => 'done' as const };

/** A module that does something to the registry while the app starts (as a feature module would). */
function registryModule(setup: (registry: JobRegistry) => void) {
  @Injectable()
  class Setup implements OnModuleInit {
    constructor(private readonly registry: JobRegistry) {}
    onModuleInit(): void {
      setup(this.registry);
    }
  }
  @Module({ providers: [Setup] })
  class SetupModule {}
  return SetupModule;
}

/** A Nest testing module with the job registry alone and the given setup. */
async function bootRegistry(setup: (registry: JobRegistry) => void): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    providers: [JobRegistry],
  }).compile();
  // The registry is not global here: run the setup on the module's own instance.
  setup(moduleRef.get(JobRegistry));
  try {
    await moduleRef.init();
  } finally {
    await moduleRef.close();
  }
}

const handleAppJobs = (registry: JobRegistry) => {
  for (const name of APP_JOB_NAMES) registry.register(name, done as never);
};

describe('Job catalogue checked at boot (Nest testing module, registry alone)', () => {
  it('boots when every declared job has one handler', async () => {
    await expect(bootRegistry(handleAppJobs)).resolves.toBeUndefined();
  });

  it('stops the boot on a declared job without a handler, naming it in French then English', async () => {
    const boot = bootRegistry((registry) => {
      handleAppJobs(registry);
      registry.declare([UNHANDLED]);
    });
    await expect(boot).rejects.toThrow(noHandler(UNHANDLED));
    await expect(boot).rejects.toThrow(/^Catalogue des tâches incohérent \/ Inconsistent job catalogue:/);
  });

  it('stops the boot on an application job nobody handles', async () => {
    await expect(
      bootRegistry((registry) => registry.register('opportunities.close-due', { handle: async () => 'done' })),
    ).rejects.toThrow(noHandler('notifications.send'));
  });

  it('stops the boot on a handler registered twice', async () => {
    await expect(
      bootRegistry((registry) => {
        handleAppJobs(registry);
        registry.register('notifications.send', { handle: async () => 'done' });
      }),
    ).rejects.toThrow(
      'la tâche « notifications.send » a deux gestionnaires / job "notifications.send" has two handlers',
    );
  });

  it('stops the boot on a handler for a job outside the catalogue', async () => {
    await expect(
      bootRegistry((registry) => {
        handleAppJobs(registry);
        registry.register(UNHANDLED, { handle: async () => 'done' });
      }),
    ).rejects.toThrow(
      `la tâche « ${UNHANDLED} » a un gestionnaire mais n’est pas déclarée / job "${UNHANDLED}" has a handler but is not declared`,
    );
  });

  it('types names and payloads from the catalogue (a wrong payload does not compile)', () => {
    const ok: JobRequest = { name: 'notifications.send', payload: { notificationId: 'x' }, jobId: 'x' };
    // @ts-expect-error: the payload of notifications.send is { notificationId }
    const wrongPayload: JobRequest = { name: 'notifications.send', payload: { contractId: 'x' }, jobId: 'x' };
    // @ts-expect-error: not a job of the catalogue
    const wrongName: JobRequest = { name: 'nothing.such', payload: {}, jobId: 'x' };
    const registry = new JobRegistry();
    // @ts-expect-error: a handler gets the payload of its job
    registry.register('notifications.send', { handle: async (p: { n: number }) => (p.n > 0 ? 'done' : 'done') });
    // @ts-expect-error: a handler says how its run went
    registry.register('opportunities.close-due', { handle: async () => undefined });
    const names: JobName[] = [...APP_JOB_NAMES];
    expect([ok.name, wrongPayload.name, wrongName.name, names]).toEqual([
      'notifications.send',
      'notifications.send',
      'nothing.such',
      [
        'notifications.send',
        'opportunities.close-due',
        'contracts.check-deliverable',
        'forge.publish',
        'accounts.send-email',
      ],
    ]);
  });
});

describe('Job catalogue checked when the whole application boots', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('jobcatalogue');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('refuses to start the application when a declared job has no handler, before any job runs', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'error',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule, registryModule((registry) => registry.declare([UNHANDLED]))],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    try {
      await expect(configureHttp(app)).rejects.toThrow(noHandler(UNHANDLED));
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});

describe('Enqueuing a job outside the catalogue', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'jobundeclared', redis: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fails the command: nothing of it is written', async () => {
    const run = t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: 'undeclared' });
      // Typed as the catalogue allows (the test catalogue has it), but never declared at run time.
      scope.enqueue({ name: UNHANDLED, payload: { n: 1 }, jobId: 'undeclared:1' });
    });
    await expect(run).rejects.toThrow(
      `la tâche « ${UNHANDLED} » n’est pas déclarée au catalogue / job "${UNHANDLED}" is not declared in the catalogue`,
    );
    expect(await t.dataSource.query(`SELECT 1 FROM job_outbox WHERE job_id = 'undeclared:1'`)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM audit_event WHERE entity_id = 'undeclared'`)).toEqual([]);
  });
});
