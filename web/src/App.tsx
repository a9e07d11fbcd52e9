import { Component, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { loadMe, logOut, session } from './api/client';
import { en } from './i18n.en';
import { fr } from './i18n.fr';
import { initialLang, LangContext, storeLang, useT, type Lang } from './i18n';
import { Link, match, navigate, useLocation } from './router';
import { AuditPage } from './pages/AuditPage';
import { AdminPage } from './pages/AdminPage';
import { EvaluationPage } from './pages/EvaluationPage';
import { HomePage } from './pages/HomePage';
import { MyOpportunitiesPage } from './pages/WorkLists';
import { LoginPage, RegisterPage } from './pages/AuthPages';
import { OpportunityFormPage } from './pages/OpportunityFormPage';
import { OpportunityPage } from './pages/OpportunityPage';
import { OrganizationPage } from './pages/OrganizationPage';
import { ProposalPage } from './pages/ProposalPage';
import { ContractPage, ContractsPage } from './pages/contracts/ContractPage';
import { AdminUsersPage } from './pages/account/AdminUsersPage';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/account/ResetPasswordPages';
import { VerifyEmailPage } from './pages/account/VerifyEmailPage';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'qc-piv-header': Record<string, unknown>;
      'qc-piv-footer': Record<string, unknown>;
    }
  }
}

export function useMe() {
  return useSyncExternalStore(session.subscribe, () => session.me);
}

function Routes() {
  const { path } = useLocation();
  const routes: [string, (p: Record<string, string>) => React.ReactNode][] = [
    ['/', () => <HomePage />],
    ['/connexion', () => <LoginPage />],
    ['/inscription', () => <RegisterPage />],
    ['/organisation', () => <OrganizationPage />],
    ['/appels/nouveau', () => <OpportunityFormPage />],
    ['/appels/:id', (p) => <OpportunityPage id={p.id} />],
    ['/appels/:id/modifier', (p) => <OpportunityFormPage id={p.id} />],
    ['/appels/:id/proposition', (p) => <ProposalPage opportunityId={p.id} />],
    ['/appels/:id/evaluation', (p) => <EvaluationPage opportunityId={p.id} />],
    ['/mes-appels', () => <MyOpportunitiesPage />],
    ['/contrats', () => <ContractsPage />],
    ['/contrats/:id', (p) => <ContractPage id={p.id} />],
    ['/administration', () => <AdminPage />],
    ['/journal', () => <AuditPage />],
    ['/compte/verification', () => <VerifyEmailPage />],
    ['/compte/mot-de-passe-oublie', () => <ForgotPasswordPage />],
    ['/compte/nouveau-mot-de-passe', () => <ResetPasswordPage />],
    ['/compte/mot-de-passe', () => <ChangePasswordPage />],
    ['/administration/comptes', () => <AdminUsersPage />],
  ];
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return <NotFound />;
}

/** A page that fails to render says so (role=alert) instead of leaving the screen blank. */
class PageBoundary extends Component<{ children: ReactNode; path: string }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidUpdate(previous: { path: string }) {
    if (previous.path !== this.props.path && this.state.error) this.setState({ error: null });
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="app-alert app-alert-error" role="alert">
        <p>
          {fr['error.display']} / {en['error.display']} : {this.state.error.message}
        </p>
      </div>
    );
  }
}

function NotFound() {
  const t = useT();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </>
  );
}

function Header({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT();
  const me = useMe();
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  return (
    <>
      <qc-piv-header
        title-text={t('app.title')}
        title-url="/"
        logo-alt={t('app.logoAlt')}
        go-to-content-text={t('app.skip')}
        go-to-content-anchor="#contenu"
        links-label={t('nav.piv')}
      >
        <nav slot="links" aria-label={t('nav.piv')}>
          <ul>
            <li>
              <a
                href={`?lang=${other}`}
                lang={other}
                onClick={(e) => {
                  e.preventDefault();
                  setLang(other);
                }}
              >
                {t('lang.switch')}
              </a>
            </li>
          </ul>
        </nav>
      </qc-piv-header>
      <nav className="app-nav" aria-label={t('nav.main')}>
        <div className="qc-container app-nav-inner">
          <ul>
            <li>
              <Link href="/">{t('nav.home')}</Link>
            </li>
            {me?.role === 'vendor' && (
              <li>
                <Link href="/organisation">{t('nav.organization')}</Link>
              </li>
            )}
            {me?.role === 'buyer' && (
              <>
                <li>
                  <Link href="/mes-appels">{t('nav.mine')}</Link>
                </li>
                <li>
                  <Link href="/appels/nouveau">{t('nav.newOpportunity')}</Link>
                </li>
              </>
            )}
            {(me?.role === 'buyer' || (me?.role === 'vendor' && me.vendorOrganizations.length > 0)) && (
              <li>
                <Link href="/contrats">{t('nav.contracts')}</Link>
              </li>
            )}
            {me?.role === 'admin' && (
              <li>
                <Link href="/administration">{t('nav.admin')}</Link>
              </li>
            )}
            {(me?.role === 'admin' || me?.role === 'auditor') && (
              <li>
                <Link href="/journal">{t('nav.audit')}</Link>
              </li>
            )}
            {me?.role === 'admin' && (
              <li>
                <Link href="/administration/comptes">{t('account.admin.title')}</Link>
              </li>
            )}
          </ul>
          <ul>
            {me ? (
              <>
                <li className="app-nav-user">{t('nav.signedInAs', { name: me.name })}</li>
                <li>
                  <Link href="/compte/mot-de-passe">{t('account.change.title')}</Link>
                </li>
                <li>
                  <button
                    type="button"
                    className="app-link-button"
                    onClick={() => void logOut().then(() => navigate('/'))}
                  >
                    {t('nav.logout')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href="/connexion">{t('nav.login')}</Link>
                </li>
                <li>
                  <Link href="/inscription">{t('nav.register')}</Link>
                </li>
                <li>
                  <Link href="/compte/mot-de-passe-oublie">{t('account.forgot.link')}</Link>
                </li>
              </>
            )}
          </ul>
        </div>
      </nav>
    </>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [ready, setReady] = useState(false);
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const setLang = (l: Lang) => {
    storeLang(l);
    setLangState(l);
  };
  useEffect(() => {
    storeLang(lang);
    void loadMe().finally(() => setReady(true));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    // After a page change, focus goes to the new page's main heading (screen readers announce it).
    main.current?.querySelector('h1')?.focus();
  }, [path, ready]);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <Header lang={lang} setLang={setLang} />
      <main id="contenu" ref={main} className="qc-container app-main">
        <PageBoundary path={path}>{ready ? <Routes /> : <p aria-live="polite">…</p>}</PageBoundary>
      </main>
      <Footer />
    </LangContext.Provider>
  );
}

/** Québec's fiscal year starts on April 1st (fiscal year 2026 = 2026-04-01 .. 2027-03-31), Montréal time. */
function currentFiscalYear(): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Montreal',
    year: 'numeric',
    month: 'numeric',
  }).formatToParts(new Date());
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return month >= 4 ? year : year - 1;
}

function Footer() {
  const t = useT();
  const fiscalYear = currentFiscalYear();
  return (
    <qc-piv-footer logo-alt={t('app.footerLogoAlt')} copyright-text={t('app.copyright')}>
      <nav aria-label={t('nav.footer')}>
        <ul>
          <li>
            <a href="/api/docs">{t('nav.apiDocs')}</a>
          </li>
          <li>
            <a href="/api/v1/exports/releases.jsonl">{t('nav.openData')}</a>
          </li>
          <li>
            <a href={`/api/v1/exports/contracts.csv?fiscalYear=${fiscalYear}`}>
              {t('nav.contractsCsv', { from: fiscalYear, to: fiscalYear + 1 })}
            </a>
          </li>
          <li>
            <a href="/sdg/copyright.txt">{t('nav.licences')}</a>
          </li>
        </ul>
      </nav>
    </qc-piv-footer>
  );
}
