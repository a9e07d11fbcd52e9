import { startTestApp, TestApp } from '../support/test-app';
import { declaredRoutes } from '../support/routes';

/**
 * Every route declares its access: @Public() or one permission of the role map. This list is
 * the reviewable snapshot of the API's route-level access: a change to it shows in review.
 */
const EXPECTED: Record<string, string> = {
  'GET /api/v1': 'public',
  'GET /api/v1/audit/events': 'audit:read',
  'GET /api/v1/audit/verify': 'audit:read',
  'GET /api/v1/me': 'session:use',
  'GET /api/v1/notifications': 'notifications:read',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'session:use',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/register': 'public',
  'POST /api/v1/users': 'users:create',
  'GET /api/v1/users': 'users:read',
  'POST /api/v1/users/:id/deactivate': 'users:manage',
  'POST /api/v1/users/:id/reactivate': 'users:manage',
  'POST /api/v1/users/:id/verify-email': 'users:manage',
  'GET /api/v1/evaluators': 'committee:manage',
  'GET /api/v1/me/opportunities': 'opportunities:manage',
  'GET /api/v1/review-queue': 'opportunities:review',
  'POST /api/v1/auth/verify-email': 'public',
  'POST /api/v1/auth/password-reset': 'public',
  'POST /api/v1/auth/password-reset/confirm': 'public',
  'POST /api/v1/me/email-verification': 'session:use',
  'PUT /api/v1/me/password': 'session:use',
  'GET /api/v1/public-bodies': 'public',
  'POST /api/v1/public-bodies': 'public-bodies:create',
  'POST /api/v1/vendors': 'vendors:create',
  'GET /api/v1/vendors/:id': 'vendors:read',
  'POST /api/v1/vendors/:id/members': 'vendors:manage-members',
  'GET /api/v1/me/vendor-invitations': 'vendors:create',
  'POST /api/v1/vendor-invitations/:id/accept': 'vendors:create',
  'PATCH /api/v1/vendors/:id/members/:userId': 'vendors:manage-members',
  'DELETE /api/v1/vendors/:id/members/:userId': 'vendors:manage-members',
  'GET /api/v1/ineligible-enterprises': 'ineligible:read',
  'POST /api/v1/ineligible-enterprises': 'ineligible:manage',
  'GET /api/v1/opportunities': 'public',
  'POST /api/v1/opportunities': 'opportunities:create',
  'GET /api/v1/opportunities/:id': 'public',
  'PATCH /api/v1/opportunities/:id': 'opportunities:manage',
  'DELETE /api/v1/opportunities/:id': 'opportunities:manage',
  'POST /api/v1/opportunities/:id/submit-for-review': 'opportunities:manage',
  'POST /api/v1/opportunities/:id/return-to-draft': 'opportunities:review',
  'POST /api/v1/opportunities/:id/publish': 'opportunities:review',
  'POST /api/v1/opportunities/:id/cancel': 'opportunities:cancel',
  'POST /api/v1/opportunities/:id/addenda': 'opportunities:manage',
  'GET /api/v1/opportunities/:id/questions': 'public',
  'POST /api/v1/opportunities/:id/questions': 'opportunities:ask',
  'POST /api/v1/opportunities/:id/questions/:qid/answer': 'opportunities:manage',
  'POST /api/v1/opportunities/:id/invitations': 'opportunities:manage',
  'POST /api/v1/opportunities/:id/subscriptions': 'opportunities:subscribe',
  'DELETE /api/v1/opportunities/:id/subscriptions': 'opportunities:subscribe',
  'PUT /api/v1/me/notification-preferences': 'opportunities:subscribe',
  'GET /api/v1/proposals/:id': 'public',
  'GET /api/v1/proposals/:id/attachments/:attachmentId': 'public',
  'GET /api/v1/opportunities/:id/proposals': 'public',
  'GET /api/v1/vendors/:vendorId/proposals': 'proposals:read',
  'POST /api/v1/opportunities/:id/proposals': 'proposals:write',
  'PATCH /api/v1/proposals/:id': 'proposals:write',
  'POST /api/v1/proposals/:id/submit': 'proposals:write',
  'POST /api/v1/proposals/:id/withdraw': 'proposals:write',
  'POST /api/v1/proposals/:id/attachments': 'proposals:write',
  'DELETE /api/v1/proposals/:id/attachments/:attachmentId': 'proposals:write',
  'PUT /api/v1/opportunities/:id/committee': 'committee:manage',
  'GET /api/v1/opportunities/:id/committee': 'committee:read',
  'POST /api/v1/opportunities/:id/declarations': 'committee:declare',
  'PUT /api/v1/proposals/:id/scores': 'evaluation:score',
  'GET /api/v1/proposals/:id/scores': 'evaluation:read',
  'PUT /api/v1/proposals/:id/consensus': 'evaluation:manage',
  'POST /api/v1/proposals/:id/disqualify': 'evaluation:manage',
  'POST /api/v1/opportunities/:id/evaluation/lock': 'evaluation:manage',
  'GET /api/v1/opportunities/:id/ranking': 'evaluation:read',
  'POST /api/v1/opportunities/:id/draw': 'evaluation:manage',
  'POST /api/v1/opportunities/:id/award': 'award:manage',
  'POST /api/v1/opportunities/:id/conclude-without-award': 'award:manage',
  'GET /api/v1/proposals/:id/result': 'proposals:read',
  // Contracts: public so that the resource check answers first (404 for anyone not a reader, anonymous included).
  'GET /api/v1/contracts': 'public',
  'GET /api/v1/contracts/:id': 'public',
  'GET /api/v1/contracts/:id/publication': 'public',
  'POST /api/v1/contracts/:id/publication/retry': 'public',
  'POST /api/v1/contracts/:id/amendments': 'public',
  'POST /api/v1/contracts/:id/deliverables': 'public',
  'POST /api/v1/contracts/:id/accept': 'public',
  'POST /api/v1/contracts/:id/payments': 'public',
  'POST /api/v1/contracts/:id/terminate': 'public',
  'GET /api/v1/ocds/releases/:ocid': 'public',
  'GET /api/v1/ocds/records/:ocid': 'public',
  'GET /api/v1/exports/releases.jsonl': 'public',
  'GET /api/v1/exports/contracts.csv': 'public',
};

describe('Route-level access declarations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every route declares @Public() or a permission', () => {
    const undeclared = declaredRoutes(t.app).filter((r) => r.access === 'NONE');
    expect(undeclared).toEqual([]);
  });

  it('matches the reviewed list of routes and permissions', () => {
    const actual = Object.fromEntries(declaredRoutes(t.app).map((r) => [r.route, r.access]));
    expect(actual).toEqual(EXPECTED);
  });

  it('answers 401 on every non-public route called without a token', async () => {
    for (const { route } of declaredRoutes(t.app).filter((r) => r.access !== 'public')) {
      const [method, path] = route.split(' ');
      const agent = t.http();
      const res = await agent[method.toLowerCase() as 'get'](
        path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'),
      );
      expect([route, res.status]).toEqual([route, 401]);
    }
  });
});
