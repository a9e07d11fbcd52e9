import { ModulesContainer } from '@nestjs/core';
import {
  buyerOfNewPublicBody,
  createProposal,
  dbTimeIn,
  loginAsAdmin,
  OpportunityBody,
  proposalBody,
  publishOpportunity,
  seedVendor,
  Session,
} from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

// @nestjs/swagger's metadata keys (DECORATORS in @nestjs/swagger/dist/constants).
const API_RESPONSE = 'swagger/apiResponse';
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

type Class = abstract new (...args: never[]) => unknown;

interface Schema {
  properties?: Record<string, unknown>;
  required?: string[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

const isModel = (value: unknown): value is Class =>
  typeof value === 'function' &&
  value.prototype !== undefined &&
  Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, value.prototype) !== undefined;

/** The model class behind a swagger `type` (a class, `[Class]`, or a lazy `() => Class`), if any. */
function modelOf(type: unknown): Class | undefined {
  if (Array.isArray(type)) return modelOf(type[0]);
  if (isModel(type)) return type;
  if (typeof type === 'function' && type.prototype === undefined) {
    try {
      return modelOf((type as () => unknown)());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Every model class the OpenAPI document is built from (route responses and bodies, and the
 * classes their properties name), by schema name: a name with two classes is a collision,
 * where the document keeps one and describes the other's routes wrongly.
 */
function modelClassesByName(modules: ModulesContainer): Map<string, Set<Class>> {
  const byName = new Map<string, Set<Class>>();
  const seen = new Set<Class>();
  const visit = (cls: Class | undefined) => {
    if (!cls || seen.has(cls)) return;
    seen.add(cls);
    byName.set(cls.name, (byName.get(cls.name) ?? new Set()).add(cls));
    const keys = (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[] | undefined) ?? [];
    for (const key of keys) {
      const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, cls.prototype, key.replace(/^:/, '')) as
        { type?: unknown; items?: { type?: unknown } } | undefined;
      visit(modelOf(meta?.type));
      visit(modelOf(meta?.items?.type));
    }
  };
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const responses =
          (Reflect.getMetadata(API_RESPONSE, handler) as Record<string, { type?: unknown }> | undefined) ?? {};
        for (const response of Object.values(responses)) visit(modelOf(response.type));
        const params = (Reflect.getMetadata('design:paramtypes', proto, name) as unknown[] | undefined) ?? [];
        for (const param of params) visit(modelOf(param));
      }
    }
  }
  return byName;
}

/** The schema an operation's response refers to (`#/components/schemas/Name`). */
function responseSchemaName(doc: OpenApi, method: string, path: string, status: string): string {
  const ref = doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema?.$ref;
  expect(ref).toMatch(/^#\/components\/schemas\//);
  return ref!.replace('#/components/schemas/', '');
}

/** The write side answers another shape than the reads (domain §5; api.md "Proposals"): each is described by its own schema. */
describe('OpenAPI: one schema per answer shape (proposals)', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp({ label: 'propoapi', env: { MIN_TENDER_PERIOD_DAYS: '0', QUESTIONS_CLOSE_HOURS: '0' } });
    doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as OpenApi;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('no two model classes of the document share a schema name', () => {
    const byName = modelClassesByName(t.app.get(ModulesContainer));
    expect(byName.has('ProposalWriteView')).toBe(true);
    expect(byName.has('ProposalView')).toBe(true);
    const collisions = [...byName].filter(([, classes]) => classes.size > 1).map(([name]) => name);
    expect(collisions).toEqual([]);
  });

  it('create and PATCH refer to the write schema (withdrawnAt, priceCents and receiptHash always present); reads to the read schema', () => {
    const create = responseSchemaName(doc, 'post', '/api/v1/opportunities/{id}/proposals', '201');
    const update = responseSchemaName(doc, 'patch', '/api/v1/proposals/{id}', '200');
    const read = responseSchemaName(doc, 'get', '/api/v1/proposals/{id}', '200');
    expect(create).toBe(update);
    expect(create).not.toBe(read);

    const write = doc.components.schemas[create];
    expect(Object.keys(write.properties ?? {})).toEqual(
      expect.arrayContaining(['withdrawnAt', 'priceCents', 'receiptHash', 'attachments']),
    );
    expect(write.properties).not.toHaveProperty('vendorName');
    expect(write.required).toEqual(expect.arrayContaining(['withdrawnAt', 'priceCents', 'receiptHash']));

    const reader = doc.components.schemas[read];
    expect(reader.properties).toHaveProperty('vendorName');
    expect(reader.properties).not.toHaveProperty('withdrawnAt');
    expect(reader.required ?? []).not.toContain('priceCents');
    const page = doc.components.schemas[responseSchemaName(doc, 'get', '/api/v1/opportunities/{id}/proposals', '200')];
    expect(page.properties?.items).toEqual({ type: 'array', items: { $ref: `#/components/schemas/${read}` } });
  });

  describe('the answers match the schemas they refer to', () => {
    let admin: Session;
    let opp: OpportunityBody;

    beforeAll(async () => {
      admin = await loginAsAdmin(t);
      const buyer = await buyerOfNewPublicBody(t, admin);
      opp = await publishOpportunity(t, { admin, buyer }, { proposalDeadline: await dbTimeIn(t, '30 days') });
    });

    /** The keys of the answer are the schema's properties, and every required one is there. */
    function expectShape(body: Record<string, unknown>, schemaName: string): void {
      const schema = doc.components.schemas[schemaName];
      const keys = Object.keys(body).sort();
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(expect.arrayContaining(keys));
      expect(keys).toEqual(expect.arrayContaining(schema.required ?? []));
    }

    it('create, PATCH and GET', async () => {
      const vendor = await seedVendor(t);
      const created = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      expectShape(
        created as unknown as Record<string, unknown>,
        responseSchemaName(doc, 'post', '/api/v1/opportunities/{id}/proposals', '201'),
      );

      const patched = await t
        .http()
        .patch(`/api/v1/proposals/${created.id}`)
        .set(vendor.auth)
        .send({ priceCents: 100_000 })
        .expect(200);
      expectShape(patched.body, responseSchemaName(doc, 'patch', '/api/v1/proposals/{id}', '200'));
      expect(patched.body).toHaveProperty('withdrawnAt', null);
      expect(patched.body).not.toHaveProperty('vendorName');

      const read = await t.http().get(`/api/v1/proposals/${created.id}`).set(vendor.auth).expect(200);
      expectShape(read.body, responseSchemaName(doc, 'get', '/api/v1/proposals/{id}', '200'));
      expect(read.body).toHaveProperty('vendorName');
      expect(read.body).not.toHaveProperty('withdrawnAt');
    });

    it('an attachment reads the same in the upload answer, the write answer and the reads', async () => {
      const vendor = await seedVendor(t);
      const { id } = await createProposal(t, vendor, opp.id, proposalBody(opp, vendor.vendorId));
      const uploaded = [];
      for (const name of ['b.txt', 'a.txt']) {
        const res = await t
          .http()
          .post(`/api/v1/proposals/${id}/attachments`)
          .set(vendor.auth)
          .attach('file', Buffer.from(`contenu ${name}`), { filename: name, contentType: 'text/plain' });
        expect(res.status).toBe(201);
        expectShape(res.body, responseSchemaName(doc, 'post', '/api/v1/proposals/{id}/attachments', '201'));
        uploaded.push(res.body);
      }
      const patched = await t
        .http()
        .patch(`/api/v1/proposals/${id}`)
        .set(vendor.auth)
        .send({ priceCents: 100_000 })
        .expect(200);
      const read = await t.http().get(`/api/v1/proposals/${id}`).set(vendor.auth).expect(200);
      const list = await t.http().get(`/api/v1/vendors/${vendor.vendorId}/proposals`).set(vendor.auth).expect(200);
      expect(patched.body.attachments).toEqual(uploaded);
      expect(read.body.attachments).toEqual(uploaded);
      expect(list.body.items[0].attachments).toEqual(uploaded);
    });
  });
});
