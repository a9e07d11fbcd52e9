import { NOTIFICATION_TEMPLATES, NotificationTemplate } from '../notification.types';
import { Language, NotificationDataError, renderNotification, TEMPLATES } from './index';

const context = { publicWebUrl: 'https://echanges.quebec.ca' };

const common = {
  reference: 'EEC-2027-0042',
  title: {
    fr: 'Développement d’une application de gestion des prêts',
    en: 'Development of a loan management application',
  },
  proposalDeadline: '2027-01-20T19:00:00.000Z',
  url: '/appels-d-offres/EEC-2027-0042',
};

/** Data each template needs on top of the common fields. */
const EXTRA: Record<NotificationTemplate, Record<string, unknown>> = {
  'opportunity-published': {},
  'opportunity-addendum': { addendumNumber: 2, affectsPrice: true },
  'opportunity-answer': {
    question: 'Le code doit-il être publié sous LiLiQ-R ?',
    answer: { fr: 'Oui, ou sous une licence compatible.', en: 'Yes, or under a compatible licence.' },
  },
  'opportunity-cancelled': {
    reason: { fr: 'Besoin réévalué par l’organisme.', en: 'Need reassessed by the public body.' },
  },
  'opportunity-closed': { proposalCount: 3 },
  'proposal-receipt': { submittedAt: '2027-01-20T18:59:58.123Z', receiptHash: 'a'.repeat(64) },
  'committee-appointed': { role: 'evaluator' },
  'proposal-result': {
    status: 'NOT_AWARDED',
    qualityScore: '85.00',
    priceCents: 6_000_000,
    adjustedPriceCents: 5_217_391,
    rank: 2,
    disqualificationReason: null,
    winnerName: 'Alpha inc.',
    winnerQualityScore: '90.00',
    winnerPriceCents: 5_800_000,
    winnerAdjustedPriceCents: 4_833_333,
  },
  'opportunity-unsuccessful': { reason: { fr: 'Aucune proposition acceptable.', en: 'No acceptable proposal.' } },
  'vendor-invitation': { role: 'member' },
  'contract-accepted': { contractReference: 'C-2027-0007', sha256: 'b'.repeat(64) },
  'forge-publication-done': {
    contractReference: 'C-2027-0007',
    projectUrl: 'https://gitlab.forge.gouv.qc.ca/mcn/echanges/prets',
    commitSha: 'c'.repeat(40),
    releaseUrl: 'https://gitlab.forge.gouv.qc.ca/mcn/echanges/prets/-/releases/livraison-C-2027-0007',
  },
  'forge-publication-failed': { contractReference: 'C-2027-0007', reason: 'La forge refuse le jeton d’accès (401).' },
};

const cases = NOTIFICATION_TEMPLATES.flatMap((template) =>
  (['fr', 'en'] as const).map((language) => [template, language] as const),
);

describe('e-mail templates', () => {
  it('has a French and an English variant for every template name', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...NOTIFICATION_TEMPLATES].sort());
    for (const definition of Object.values(TEMPLATES)) expect(Object.keys(definition).sort()).toEqual(['en', 'fr']);
  });

  describe.each(cases)('%s (%s)', (template, language) => {
    const render = (data: Record<string, unknown> = {}) =>
      renderNotification(template, language, { ...common, ...EXTRA[template], ...data }, context);

    it('renders a subject, a text part and an HTML part in the right language', () => {
      const email = render();
      expect(email.subject).toContain('[EEC-2027-0042]');
      expect(email.subject).toContain(
        language === 'fr' ? 'Développement d’une application' : 'Development of a loan management',
      );
      expect(email.text).toMatch(language === 'fr' ? /^Bonjour,/ : /^Hello,/);
      expect(email.html).toContain(`<html lang="${language}">`);
      expect(email.text).toContain('EEC-2027-0042');
      expect(email.html).toContain('EEC-2027-0042');
      expect(email.subject).not.toMatch(/[\r\n]/);
    });

    it('links to the page, relative links resolved on PUBLIC_WEB_URL', () => {
      const email = render();
      expect(email.text).toContain('https://echanges.quebec.ca/appels-d-offres/EEC-2027-0042');
      expect(email.html).toContain('<a href="https://echanges.quebec.ca/appels-d-offres/EEC-2027-0042">');
    });

    it('keeps accents as written (UTF-8, no entities, no mangling)', () => {
      const email = render({ title: { fr: 'Équipe « Québec » — été', en: 'Équipe « Québec » — été' } });
      for (const part of [email.subject, email.text, email.html]) expect(part).toContain('Équipe « Québec » — été');
      if (language === 'fr') {
        expect(email.text).toMatch(/[éèàç]/);
        expect(email.text).toContain('Échanges entre concepteurs');
      }
    });

    it('escapes HTML in every value it shows, in the HTML part only', () => {
      const hostile = '<script>alert("x")</script> & \'co\'';
      const data: Record<string, unknown> = { title: { fr: hostile, en: hostile } };
      if (template === 'opportunity-answer') Object.assign(data, { question: hostile, answer: { fr: hostile } });
      if (template === 'opportunity-cancelled' || template === 'opportunity-unsuccessful') data.reason = hostile;
      if (template === 'proposal-result') data.winnerName = hostile;
      const email = render(data);
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
      expect(email.text).toContain(hostile);
      expect(email.subject).toContain(hostile);
    });

    it('falls back to French where an English text is missing', () => {
      const email = render({ title: { fr: 'Titre seulement en français' } });
      expect(email.subject).toContain('Titre seulement en français');
    });

    it('refuses data without a reference', () => {
      expect(() => render({ reference: undefined })).toThrow(NotificationDataError);
    });
  });

  it.each<[Language, RegExp]>([
    ['fr', /20 janvier 2027 à 14 h 00 \(heure de Montréal\)/],
    ['en', /January 20, 2027, 2:00 p\.m\. \(Montréal time\)/],
  ])('formats the deadline in Montréal time (%s)', (language, expected) => {
    const email = renderNotification('opportunity-published', language, common, context);
    expect(email.text).toMatch(expected);
    expect(email.html).toMatch(expected);
  });

  it.each<[NotificationTemplate, Language, Record<string, unknown>, string]>([
    ['opportunity-addendum', 'fr', { addendumNumber: 2, affectsPrice: true }, 'L’addenda n° 2 est publié'],
    ['opportunity-addendum', 'fr', { addendumNumber: 1, affectsPrice: false }, 'n’a pas d’incidence sur le prix'],
    ['opportunity-addendum', 'en', { addendumNumber: 3, affectsPrice: true }, 'This addendum affects the price'],
    ['opportunity-addendum', 'en', { addendumNumber: 3, affectsPrice: false }, 'does not affect the price'],
    [
      'opportunity-answer',
      'en',
      { question: 'Q?', answer: { fr: 'Réponse', en: 'Answer in English' } },
      '> Answer in English',
    ],
    [
      'opportunity-answer',
      'en',
      { question: 'Q?', answer: { fr: 'Seulement en français' } },
      '> Seulement en français',
    ],
    ['opportunity-cancelled', 'fr', { reason: 'Budget retiré' }, '> Budget retiré'],
    ['opportunity-published', 'fr', { summary: { fr: 'Un résumé court.' } }, 'Un résumé court.'],
    ['opportunity-published', 'en', { summary: { fr: 'Résumé', en: 'A short summary.' } }, 'A short summary.'],
    [
      'opportunity-published',
      'fr',
      { questionsDeadline: '2027-01-17T19:00:00Z' },
      'Questions acceptées jusqu’au 17 janvier 2027 à 14 h 00',
    ],
    [
      'opportunity-published',
      'en',
      { questionsDeadline: '2027-01-17T19:00:00Z' },
      'Questions accepted until January 17, 2027, 2:00 p.m.',
    ],
    [
      'opportunity-addendum',
      'fr',
      { addendumNumber: 1, affectsPrice: true, body: { fr: 'Le lot 2 est retiré.' } },
      '> Le lot 2 est retiré.',
    ],
    [
      'opportunity-addendum',
      'fr',
      { addendumNumber: 1, affectsPrice: true, previousDeadline: '2027-01-13T19:00:00Z' },
      'est maintenant le 20 janvier 2027 à 14 h 00 (heure de Montréal) ; elle était le 13 janvier 2027 à 14 h 00 (heure de Montréal).',
    ],
    [
      'opportunity-addendum',
      'en',
      { addendumNumber: 1, affectsPrice: false, previousDeadline: '2027-01-13T19:00:00Z' },
      'The proposal deadline is now January 20, 2027, 2:00 p.m. (Montréal time); it was January 13, 2027',
    ],
    [
      'opportunity-addendum',
      'en',
      { addendumNumber: 1, affectsPrice: false, previousDeadline: common.proposalDeadline },
      'Proposal deadline: January 20, 2027',
    ],
    ['opportunity-closed', 'fr', { proposalCount: 0 }, 'Aucune proposition n’a été reçue.'],
    ['opportunity-closed', 'fr', { proposalCount: 1 }, 'Une proposition a été reçue'],
    ['opportunity-closed', 'fr', { proposalCount: 4 }, '4 propositions ont été reçues'],
    ['opportunity-closed', 'fr', {}, 'Les propositions reçues sont maintenant accessibles'],
    ['opportunity-closed', 'en', { proposalCount: 1 }, 'One proposal was received'],
    ['opportunity-closed', 'en', { proposalCount: 5 }, '5 proposals were received'],
    ['opportunity-closed', 'en', {}, 'The proposals received are now available'],
    [
      'proposal-receipt',
      'fr',
      { submittedAt: '2027-01-20T18:59:58.123Z', receiptHash: 'b'.repeat(64) },
      'déposée le 20 janvier 2027 à 13 h 59 (heure de Montréal)',
    ],
    [
      'proposal-receipt',
      'fr',
      { submittedAt: '2027-01-20T18:59:58.123Z', receiptHash: 'b'.repeat(64) },
      `(SHA-256) : ${'b'.repeat(64)}`,
    ],
    [
      'proposal-receipt',
      'en',
      { submittedAt: '2027-01-20T18:59:58.123Z', receiptHash: 'c'.repeat(64) },
      'Exact time: 2027-01-20T18:59:58.123Z',
    ],
    [
      'proposal-receipt',
      'en',
      { submittedAt: '2027-01-20T18:59:58.123Z', receiptHash: 'c'.repeat(64) },
      'submitted on January 20, 2027, 1:59 p.m. (Montréal time)',
    ],
    ['committee-appointed', 'fr', { role: 'secretary' }, 'Vous êtes nommé·e secrétaire au comité de sélection'],
    ['committee-appointed', 'fr', { role: 'evaluator' }, 'signer la déclaration de confidentialité'],
    [
      'committee-appointed',
      'en',
      { role: 'evaluator' },
      'You have been appointed evaluator of the selection committee',
    ],
    ['proposal-result', 'fr', EXTRA['proposal-result'], 'Votre proposition n’est pas retenue'],
    [
      'proposal-result',
      'fr',
      EXTRA['proposal-result'],
      'Votre note de qualité (Q) : 85,00\nVotre prix : 60\u00a0000,00\u00a0$\nVotre prix ajusté : 52\u00a0173,91\u00a0$\nVotre rang : 2',
    ],
    [
      'proposal-result',
      'fr',
      EXTRA['proposal-result'],
      'Entreprise retenue : Alpha inc.\nSa note de qualité (Q) : 90,00\nSon prix : 58\u00a0000,00\u00a0$\nSon prix ajusté : 48\u00a0333,33\u00a0$',
    ],
    [
      'proposal-result',
      'en',
      EXTRA['proposal-result'],
      'Your quality score (Q): 85.00\nYour price: $60,000.00\nYour adjusted price: $52,173.91\nYour rank: 2',
    ],
    [
      'proposal-result',
      'en',
      EXTRA['proposal-result'],
      'Selected enterprise: Alpha inc.\nIts quality score (Q): 90.00\nIts price: $58,000.00\nIts adjusted price: $48,333.33',
    ],
    [
      'proposal-result',
      'fr',
      { ...EXTRA['proposal-result'], status: 'AWARDED', rank: 1 },
      'Votre proposition est retenue : le contrat vous est adjugé.',
    ],
    [
      'proposal-result',
      'en',
      { ...EXTRA['proposal-result'], status: 'NOT_ACCEPTABLE', adjustedPriceCents: null, rank: null },
      'Your price: $60,000.00\nYour rank: not ranked',
    ],
    [
      'proposal-result',
      'fr',
      {
        ...EXTRA['proposal-result'],
        status: 'DISQUALIFIED',
        rank: null,
        adjustedPriceCents: null,
        disqualificationReason: 'Entreprise non admissible',
      },
      'Motif de la disqualification :\n> Entreprise non admissible',
    ],
    [
      'opportunity-unsuccessful',
      'fr',
      { reason: 'Aucune proposition acceptable.' },
      'est conclu sans adjudication : aucun contrat n’est accordé.\n\nMotif :\n> Aucune proposition acceptable.',
    ],
    [
      'opportunity-unsuccessful',
      'en',
      { reason: 'x', qualityScore: '65.00', priceCents: 123_456, rank: null },
      'Your quality score (Q): 65.00\nYour price: $1,234.56\nYour rank: not ranked',
    ],
  ])('%s (%s) with %j says "%s"', (template, language, extra, expected) => {
    expect(renderNotification(template, language, { ...common, ...extra }, context).text).toContain(expected);
  });

  it.each<[string, string, Record<string, unknown>, RegExp]>([
    ['an unknown template', 'opportunity-lost', {}, /inconnu/],
    ['a title that is not a text', 'opportunity-published', { title: 42 }, /data\.title/],
    [
      'a deadline that is not a date',
      'opportunity-published',
      { proposalDeadline: 'demain' },
      /data\.proposalDeadline/,
    ],
    ['a javascript: link', 'opportunity-published', { url: 'javascript:alert(1)' }, /data\.url/],
    ['an addendum without its number', 'opportunity-addendum', { affectsPrice: true }, /data\.addendumNumber/],
    ['an addendum without affectsPrice', 'opportunity-addendum', { addendumNumber: 1 }, /data\.affectsPrice/],
    ['an answer without the answer', 'opportunity-answer', { question: 'Q?' }, /data\.answer/],
    ['a cancellation without its reason', 'opportunity-cancelled', {}, /data\.reason/],
    ['a negative proposal count', 'opportunity-closed', { proposalCount: -1 }, /data\.proposalCount/],
    ['a receipt without its hash', 'proposal-receipt', { submittedAt: '2027-01-20T18:59:58Z' }, /data\.receiptHash/],
    [
      'a receipt with a malformed hash',
      'proposal-receipt',
      { submittedAt: '2027-01-20T18:59:58Z', receiptHash: 'xyz' },
      /data\.receiptHash/,
    ],
    ['a receipt without its time', 'proposal-receipt', { receiptHash: 'a'.repeat(64) }, /data\.submittedAt/],
    ['an appointment without its role', 'committee-appointed', {}, /data\.role/],
    ['an appointment with an unknown role', 'committee-appointed', { role: 'president' }, /data\.role/],
    [
      'a result with an unknown status',
      'proposal-result',
      { ...EXTRA['proposal-result'], status: 'WITHDRAWN' },
      /data\.status/,
    ],
    [
      'a result without the price',
      'proposal-result',
      { ...EXTRA['proposal-result'], priceCents: undefined },
      /data\.priceCents/,
    ],
    [
      'a result with a fractional price',
      'proposal-result',
      { ...EXTRA['proposal-result'], priceCents: 12.5 },
      /data\.priceCents/,
    ],
    [
      'a result with a malformed score',
      'proposal-result',
      { ...EXTRA['proposal-result'], qualityScore: 85 },
      /data\.qualityScore/,
    ],
    [
      'a result without the winner',
      'proposal-result',
      { ...EXTRA['proposal-result'], winnerName: undefined },
      /data\.winnerName/,
    ],
    ['a conclusion without its reason', 'opportunity-unsuccessful', {}, /data\.reason/],
  ])('refuses %s', (_what, template, data, message) => {
    expect(() => renderNotification(template, 'fr', { ...common, ...data }, context)).toThrow(message);
  });

  it('links to the opportunity page when the data names the opportunity but no url', () => {
    const opportunityId = '0b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const email = renderNotification(
      'opportunity-cancelled',
      'en',
      { ...common, url: undefined, opportunityId, reason: 'x' },
      context,
    );
    expect(email.text).toContain(`View the opportunity: https://echanges.quebec.ca/opportunities/${opportunityId}`);
  });

  it('leaves the deadline out of an answer when the data has none', () => {
    const email = renderNotification(
      'opportunity-answer',
      'fr',
      { ...common, proposalDeadline: null, question: 'Q ?', answer: { fr: 'R.' } },
      context,
    );
    expect(email.text).not.toContain('Date limite');
  });

  it('keeps an absolute link as given and omits the link when there is none', () => {
    const absolute = renderNotification(
      'opportunity-published',
      'fr',
      { ...common, url: 'https://ailleurs.example/x?a=1&b=2' },
      context,
    );
    expect(absolute.html).toContain('href="https://ailleurs.example/x?a=1&amp;b=2"');
    const none = renderNotification('opportunity-published', 'fr', { ...common, url: undefined }, context);
    expect(none.html).not.toContain('<a ');
  });

  it('keeps subjects on one line and bounded', () => {
    const email = renderNotification(
      'opportunity-published',
      'fr',
      { ...common, title: { fr: `Titre\r\nBcc: x@y.z ${'é'.repeat(400)}` } },
      context,
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.length).toBeLessThanOrEqual(250);
  });
});
