import { startTestApp, TestApp } from '../support/test-app';
import {
  addVendorMember,
  auditEventsFor,
  createAccount,
  createVendorOrganization,
  expectEnvelope,
  loginAsAdmin,
  registerVendor,
  Session,
} from '../support/scenario';

describe('Vendor organization members (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ label: 'members' });
    admin = await loginAsAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const members = (id: string) => `/api/v1/vendors/${id}/members`;
  const member = (id: string, userId: string) => `/api/v1/vendors/${id}/members/${userId}`;
  const rolesOf = async (vendorId: string) =>
    (await t.dataSource.query(`SELECT user_id, role FROM vendor_membership WHERE vendor_id = $1`, [vendorId])) as {
      user_id: string;
      role: string;
    }[];

  const accept = (invitationId: string, who: Session) =>
    t.http().post(`/api/v1/vendor-invitations/${invitationId}/accept`).set(who.auth);

  it('lets an owner invite an address; the account with it sees the invitation, accepts, and joins', async () => {
    const owner = await registerVendor(t, 'Propriétaire');
    const org = await createVendorOrganization(t, owner);
    const colleague = await registerVendor(t, 'Jean Gagnon');

    const res = await t
      .http()
      .post(members(org.id))
      .set(owner.auth)
      .send({ email: colleague.email.toUpperCase(), role: 'member' })
      .expect(201);
    expect(res.body).toEqual({
      invitationId: expect.any(String),
      vendorId: org.id,
      email: colleague.email,
      role: 'member',
      status: 'pending',
      expiresAt: expect.any(String),
    });
    expect(await rolesOf(org.id)).toHaveLength(1); // not a member before accepting

    const mine = await t.http().get('/api/v1/me/vendor-invitations').set(colleague.auth).expect(200);
    expect(mine.body).toEqual([
      {
        invitationId: res.body.invitationId,
        vendorId: org.id,
        legalName: org.legalName,
        role: 'member',
        expiresAt: expect.any(String),
      },
    ]);
    const [mail] = (await t.dataSource.query(
      `SELECT template, recipient_email, recipient_user_id FROM notification WHERE entity_id = $1`,
      [org.id],
    )) as { template: string; recipient_email: string; recipient_user_id: string }[];
    expect(mail).toEqual({
      template: 'vendor-invitation',
      recipient_email: colleague.email,
      recipient_user_id: colleague.userId,
    });

    const joined = await accept(res.body.invitationId, colleague).expect(200);
    expect(joined.body).toEqual({
      userId: colleague.userId,
      name: 'Jean Gagnon',
      email: colleague.email,
      role: 'member',
    });
    expectEnvelope(await accept(res.body.invitationId, colleague).expect(404), 'NOT_FOUND'); // used

    const me = await t.http().get('/api/v1/me').set(colleague.auth).expect(200);
    expect(me.body.vendorOrganizations).toEqual([{ id: org.id, role: 'member' }]);
    const seen = await t.http().get(`/api/v1/vendors/${org.id}`).set(colleague.auth).expect(200);
    expect(seen.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.userId, 'owner'],
      [colleague.userId, 'member'],
    ]);

    const events = await auditEventsFor(t, admin, org.id);
    expect(events.map((e) => e.action)).toEqual(['vendors.create', 'vendors.members.invite', 'vendors.members.add']);
    expect(events[2]).toMatchObject({ actorId: colleague.userId, data: { userId: colleague.userId, role: 'member' } });
  });

  it('answers the same for an unknown address, a staff account and a real vendor; refuses a member again (409) and a bad body (400)', async () => {
    const owner = await registerVendor(t);
    const org = await createVendorOrganization(t, owner);
    const colleague = await registerVendor(t);
    const auditor = await createAccount(t, admin, 'auditor');
    await addVendorMember(t, owner, org.id, colleague);

    expectEnvelope(
      await t.http().post(members(org.id)).set(owner.auth).send({ email: colleague.email, role: 'owner' }).expect(409),
      'ALREADY_MEMBER',
    );
    expectEnvelope(
      await t.http().post(members(org.id)).set(owner.auth).send({ email: owner.email, role: 'member' }).expect(409),
      'ALREADY_MEMBER',
    );
    const stranger = await registerVendor(t);
    const shapes = [];
    for (const email of ['personne@exemple.quebec', auditor.email, stranger.email]) {
      const res = await t.http().post(members(org.id)).set(owner.auth).send({ email, role: 'member' }).expect(201);
      shapes.push(Object.keys(res.body).sort().join(','));
      expect(res.body).toMatchObject({ email, status: 'pending' });
    }
    expect(new Set(shapes).size).toBe(1);

    // Only the account with the invited address can accept; a staff account cannot join.
    const [forStranger] = (await t.dataSource.query(
      `SELECT id FROM vendor_invitation WHERE vendor_id = $1 AND email = $2`,
      [org.id, stranger.email],
    )) as { id: string }[];
    expectEnvelope(await accept(forStranger.id, colleague).expect(404), 'NOT_FOUND');
    const [forAuditor] = (await t.dataSource.query(
      `SELECT id FROM vendor_invitation WHERE vendor_id = $1 AND email = $2`,
      [org.id, auditor.email],
    )) as { id: string }[];
    expectEnvelope(await accept(forAuditor.id, auditor).expect(403), 'FORBIDDEN');
    // An expired invitation is gone.
    await t.dataSource.query(`UPDATE vendor_invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      forStranger.id,
    ]);
    expectEnvelope(await accept(forStranger.id, stranger).expect(404), 'NOT_FOUND');

    const bad = await t.http().post(members(org.id)).set(owner.auth).send({ email: 'x', role: 'admin' }).expect(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'role']);
    expect(await rolesOf(org.id)).toHaveLength(2);
  });

  it('answers 403 to a member who is not owner, 404 to an outsider, an absent organization and staff', async () => {
    const owner = await registerVendor(t);
    const org = await createVendorOrganization(t, owner);
    const plain = await registerVendor(t);
    await addVendorMember(t, owner, org.id, plain, 'member');
    const newcomer = await registerVendor(t);
    const outsider = await registerVendor(t);
    const body = { email: newcomer.email, role: 'member' };

    expectEnvelope(await t.http().post(members(org.id)).set(plain.auth).send(body).expect(403), 'FORBIDDEN');
    expectEnvelope(
      await t.http().patch(member(org.id, owner.userId)).set(plain.auth).send({ role: 'member' }).expect(403),
      'FORBIDDEN',
    );
    expectEnvelope(await t.http().delete(member(org.id, owner.userId)).set(plain.auth).expect(403), 'FORBIDDEN');

    expectEnvelope(await t.http().post(members(org.id)).set(outsider.auth).send(body).expect(404), 'NOT_FOUND');
    expectEnvelope(
      await t.http().patch(member(org.id, plain.userId)).set(outsider.auth).send({ role: 'owner' }).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await t.http().delete(member(org.id, plain.userId)).set(outsider.auth).expect(404), 'NOT_FOUND');
    expectEnvelope(
      await t
        .http()
        .post('/api/v1/vendors/00000000-0000-4000-8000-000000000000/members')
        .set(outsider.auth)
        .send(body)
        .expect(404),
      'NOT_FOUND',
    );
    // Staff roles have no membership permission at all, whatever the organization.
    expectEnvelope(await t.http().post(members(org.id)).set(admin.auth).send(body).expect(403), 'FORBIDDEN');

    expect((await rolesOf(org.id)).map((r) => r.user_id).sort()).toEqual([owner.userId, plain.userId].sort());
  });

  it('changes roles and removes members, never leaving the organization without an owner', async () => {
    const owner = await registerVendor(t);
    const org = await createVendorOrganization(t, owner);
    const second = await registerVendor(t);
    await addVendorMember(t, owner, org.id, second, 'member');

    // The only owner can neither step down nor leave.
    expectEnvelope(
      await t.http().patch(member(org.id, owner.userId)).set(owner.auth).send({ role: 'member' }).expect(409),
      'LAST_OWNER',
    );
    expectEnvelope(await t.http().delete(member(org.id, owner.userId)).set(owner.auth).expect(409), 'LAST_OWNER');

    const promoted = await t
      .http()
      .patch(member(org.id, second.userId))
      .set(owner.auth)
      .send({ role: 'owner' })
      .expect(200);
    expect(promoted.body).toEqual({
      userId: second.userId,
      name: expect.any(String),
      email: second.email,
      role: 'owner',
    });

    // With two owners, the first may step down; then the second is the last one.
    await t.http().patch(member(org.id, owner.userId)).set(owner.auth).send({ role: 'member' }).expect(200);
    expectEnvelope(await t.http().delete(member(org.id, second.userId)).set(second.auth).expect(409), 'LAST_OWNER');
    await t.http().delete(member(org.id, owner.userId)).set(second.auth).expect(204);
    expect(await rolesOf(org.id)).toEqual([{ user_id: second.userId, role: 'owner' }]);
    expectEnvelope(await t.http().get(`/api/v1/vendors/${org.id}`).set(owner.auth).expect(404), 'NOT_FOUND');

    // Unknown member ids answer 404.
    expectEnvelope(
      await t.http().patch(member(org.id, owner.userId)).set(second.auth).send({ role: 'owner' }).expect(404),
      'NOT_FOUND',
    );
    expectEnvelope(await t.http().delete(member(org.id, 'pas-un-uuid')).set(second.auth).expect(404), 'NOT_FOUND');

    const events = await auditEventsFor(t, admin, org.id);
    expect(events.map((e) => e.action)).toEqual([
      'vendors.create',
      'vendors.members.invite',
      'vendors.members.add',
      'vendors.members.change-role',
      'vendors.members.change-role',
      'vendors.members.remove',
    ]);
    expect(events[3].data).toEqual({ userId: second.userId, from: 'member', to: 'owner' });
    expect(events[5]).toMatchObject({ actorId: second.userId, data: { userId: owner.userId, role: 'member' } });
  });

  it('keeps at least one owner when two owners demote each other concurrently', async () => {
    for (let round = 0; round < 3; round += 1) {
      const a = await registerVendor(t);
      const org = await createVendorOrganization(t, a);
      const b = await registerVendor(t);
      await addVendorMember(t, a, org.id, b, 'owner');

      const [ab, ba] = await Promise.all([
        t.http().patch(member(org.id, b.userId)).set(a.auth).send({ role: 'member' }),
        t.http().patch(member(org.id, a.userId)).set(b.auth).send({ role: 'member' }),
      ]);
      // The first to lock the organization wins; the other is no longer an owner (403).
      expect([ab.status, ba.status].sort()).toEqual([200, 403]);
      const owners = (await rolesOf(org.id)).filter((r) => r.role === 'owner');
      expect(owners).toHaveLength(1);
    }
  });

  it('keeps at least one owner when one owner demotes themselves and the other owner at once', async () => {
    const a = await registerVendor(t);
    const org = await createVendorOrganization(t, a);
    const b = await registerVendor(t);
    await addVendorMember(t, a, org.id, b, 'owner');

    const results = await Promise.all([
      t.http().delete(member(org.id, b.userId)).set(a.auth),
      t.http().patch(member(org.id, a.userId)).set(a.auth).send({ role: 'member' }),
    ]);
    expect(results.filter((r) => r.status < 300)).toHaveLength(1);
    for (const r of results.filter((r) => r.status >= 400))
      expect(['LAST_OWNER', 'FORBIDDEN']).toContain(r.body.error.code);
    expect((await rolesOf(org.id)).filter((r) => r.role === 'owner')).toHaveLength(1);
  });
});
