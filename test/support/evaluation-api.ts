import type { Session } from './scenario';
import type { TestApp } from './test-app';

const api = (path: string) => `/api/v1${path}`;

/**
 * The evaluation and award routes (api.md, "Evaluation and award") as one-line requests, for
 * the evaluation suites. `app` is read at call time, so suites may build this before their
 * `beforeAll` has started the app. Each returns the supertest request: add `.expect(…)`.
 */
export function evaluationApi(app: () => TestApp) {
  const http = () => app().http();
  return {
    /** Signs the declaration (expects 201), with conflicts declared against these vendors. */
    declare: (who: Session, opportunityId: string, conflictWithVendorIds: string[] = []) =>
      http()
        .post(api(`/opportunities/${opportunityId}/declarations`))
        .set(who.auth)
        .send({ confidentiality: true, conflictWithVendorIds })
        .expect(201),
    putScores: (who: Session, proposalId: string, body: unknown) =>
      http()
        .put(api(`/proposals/${proposalId}/scores`))
        .set(who.auth)
        .send(body as object),
    getScores: (who: Session, proposalId: string) =>
      http()
        .get(api(`/proposals/${proposalId}/scores`))
        .set(who.auth),
    putConsensus: (who: Session, proposalId: string, body: unknown) =>
      http()
        .put(api(`/proposals/${proposalId}/consensus`))
        .set(who.auth)
        .send(body as object),
    lock: (who: Session, opportunityId: string) =>
      http()
        .post(api(`/opportunities/${opportunityId}/evaluation/lock`))
        .set(who.auth),
    ranking: (who: Session, opportunityId: string) =>
      http()
        .get(api(`/opportunities/${opportunityId}/ranking`))
        .set(who.auth),
    draw: (who: Session, opportunityId: string) =>
      http()
        .post(api(`/opportunities/${opportunityId}/draw`))
        .set(who.auth),
    award: (who: Session, opportunityId: string, body: unknown) =>
      http()
        .post(api(`/opportunities/${opportunityId}/award`))
        .set(who.auth)
        .send(body as object),
    conclude: (who: Session, opportunityId: string, body: unknown) =>
      http()
        .post(api(`/opportunities/${opportunityId}/conclude-without-award`))
        .set(who.auth)
        .send(body as object),
    result: (who: Session, proposalId: string) =>
      http()
        .get(api(`/proposals/${proposalId}/result`))
        .set(who.auth),
  };
}
