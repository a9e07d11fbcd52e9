// The link of the verification e-mail: /compte/verification#token=… (the token stays out of server logs).
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { ErrorAlert, Loading, Success, Title } from '../../ui';

/** The token of an account link, read from the URL's fragment. */
export function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function VerifyEmailPage() {
  const t = useT();
  const [state, setState] = useState<{ done?: boolean; error?: unknown }>({});
  const sent = useRef(false);
  useEffect(() => {
    // The link works once: never send it twice (React's development mode runs effects twice).
    if (sent.current) return;
    sent.current = true;
    ok(api.POST('/api/v1/auth/verify-email', { body: { token: tokenFromFragment() } })).then(
      () => setState({ done: true }),
      (error: unknown) => setState({ error }),
    );
  }, []);
  return (
    <>
      <Title>{t('account.verify.title')}</Title>
      {!state.done && !state.error && <Loading />}
      {state.done && (
        <Success>
          <p>{t('account.verify.done')}</p>
        </Success>
      )}
      <ErrorAlert error={state.error} />
      <p>
        <Link href="/">{t('account.backHome')}</Link>
      </p>
    </>
  );
}
