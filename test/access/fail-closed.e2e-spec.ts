import { Controller, Get, Module } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/test-app';
import { expectEnvelope, loginAsAdmin } from '../support/scenario';

/** A route someone forgot to declare: neither @Public() nor @RequirePermission(). */
@Controller('oubli')
class ForgottenController {
  @Get()
  secret(): { leaked: boolean } {
    return { leaked: true };
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('Route access fails closed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'failclosed', redis: false, imports: [ForgottenModule] });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a route without a declared permission, even to an admin (403)', async () => {
    const admin = await loginAsAdmin(t);
    const res = await t.http().get('/api/v1/oubli').set(admin.auth).expect(403);
    expectEnvelope(res, 'FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toContain('leaked');
  });

  it('asks for authentication first (401 without a token)', async () => {
    expectEnvelope(await t.http().get('/api/v1/oubli').expect(401), 'UNAUTHENTICATED');
  });
});
