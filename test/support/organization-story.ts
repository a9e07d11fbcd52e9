import type { TestApp } from './test-app';
import { Session, unique } from './sessions';

/** Vendor organizations and their members, over the HTTP API. */

const usedNeqs = new Set<string>();

/** A fresh 10-digit NEQ, distinct from every other one this test process handed out. */
export function nextNeq(): string {
  for (;;) {
    const neq = `11${Math.floor(Math.random() * 1e8)
      .toString()
      .padStart(8, '0')}`;
    if (!usedNeqs.has(neq)) {
      usedNeqs.add(neq);
      return neq;
    }
  }
}

export interface VendorMember {
  userId: string;
  name: string;
  email: string;
  role: 'owner' | 'member';
}

export interface VendorOrganizationView {
  id: string;
  legalName: string;
  neq: string;
  size: 'micro' | 'sme' | 'large';
  email: string;
  address: { city: string; province: string; postalCode: string };
  members: VendorMember[];
}

export function vendorOrganizationBody(overrides: Record<string, unknown> = {}) {
  return {
    legalName: `Logiciels ${unique('Boréal')} inc.`,
    neq: nextNeq(),
    size: 'sme',
    email: `${unique('contact')}@boreal.quebec`,
    address: { city: 'Québec', province: 'QC', postalCode: 'G1R 4A5' },
    ...overrides,
  };
}

/** A vendor registers its organization and becomes its owner. */
export async function createVendorOrganization(
  t: TestApp,
  owner: Session,
  overrides: Record<string, unknown> = {},
): Promise<VendorOrganizationView> {
  const res = await t
    .http()
    .post('/api/v1/vendors')
    .set(owner.auth)
    .send(vendorOrganizationBody(overrides))
    .expect(201);
  return res.body as VendorOrganizationView;
}

/** An owner invites another vendor account to the organization, which accepts. */
export async function addVendorMember(
  t: TestApp,
  owner: Session,
  vendorId: string,
  member: Session,
  role: 'owner' | 'member' = 'member',
): Promise<VendorMember> {
  const invited = await t
    .http()
    .post(`/api/v1/vendors/${vendorId}/members`)
    .set(owner.auth)
    .send({ email: member.email, role })
    .expect(201);
  const res = await t
    .http()
    .post(`/api/v1/vendor-invitations/${invited.body.invitationId}/accept`)
    .set(member.auth)
    .expect(200);
  return res.body as VendorMember;
}
