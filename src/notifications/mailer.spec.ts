import { createMailer, isRecipientRefused, LOGGED_NOTE } from './mailer';

describe('createMailer', () => {
  it('uses SMTP when SMTP_URL is set, the log otherwise', () => {
    const smtp = createMailer({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'avis@echanges.quebec.ca' });
    expect(smtp.kind).toBe('smtp');
    smtp.close();
    expect(createMailer({ SMTP_URL: undefined, SMTP_FROM: 'avis@echanges.quebec.ca' }).kind).toBe('log');
  });

  it('records a logged e-mail as delivered with a note, keeping its Message-ID', async () => {
    const mailer = createMailer({ SMTP_URL: undefined, SMTP_FROM: 'avis@echanges.quebec.ca' });
    const delivery = await mailer.send({
      to: 'a@b.qc.ca',
      subject: 'Objet',
      text: 'Texte',
      html: '<p>Texte</p>',
      messageId: '<x@echanges.quebec.ca>',
    });
    expect(delivery).toEqual({ messageId: '<x@echanges.quebec.ca>', note: LOGGED_NOTE });
  });
});

describe('isRecipientRefused', () => {
  it.each([
    [{ command: 'RCPT TO', responseCode: 550 }, true],
    [{ command: 'RCPT TO', responseCode: 553 }, true],
    [{ command: 'RCPT TO', responseCode: 450 }, false],
    [{ command: 'DATA', responseCode: 554 }, false],
    [{ command: 'AUTH PLAIN', responseCode: 535 }, false],
    [{ command: 'CONN' }, false],
    [new Error('ECONNREFUSED'), false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isRecipientRefused(error)).toBe(expected);
  });
});
