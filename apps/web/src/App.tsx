import { lazy, Suspense, type ReactNode } from 'react';

import { useBulwark } from './bulwark.js';
import { useI18n, localeNames, locales, type Locale, type MessageKey } from './i18n/index.js';
import { useRoute } from './router.js';
import { WalletBar } from './WalletBar.js';

// Each page is its own chunk, fetched on first visit; the shell stays small.
const Products = lazy(() => import('./pages/Products.js'));
const Covers = lazy(() => import('./pages/Covers.js'));
const CasePage = lazy(() => import('./pages/Case.js'));
const Pools = lazy(() => import('./pages/Pools.js'));
const Governance = lazy(() => import('./pages/Governance.js'));
const Dashboard = lazy(() => import('./pages/Dashboard.js'));

const nav: { path: string; label: MessageKey }[] = [
  { path: 'products', label: 'nav.products' },
  { path: 'covers', label: 'nav.covers' },
  { path: 'pools', label: 'nav.pools' },
  { path: 'governance', label: 'nav.governance' },
  { path: 'dashboard', label: 'nav.dashboard' },
];

function page(route: string[]): ReactNode {
  const [first = 'products', second] = route;
  switch (first) {
    case 'products': return <Products />;
    case 'covers': return <Covers />;
    case 'cases': return second && /^\d+$/.test(second) ? <CasePage caseId={second} /> : <Covers />;
    case 'pools': return <Pools />;
    case 'governance': return <Governance />;
    case 'dashboard': return <Dashboard />;
    default: return undefined;
  }
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const { config } = useBulwark();
  const route = useRoute();
  const current = route[0] === 'cases' ? 'covers' : (route[0] ?? 'products');
  const content = page(route);
  return (
    <>
      <header className="top">
        <a className="brand" href="#/products">
          <svg viewBox="0 0 16 16" width="22" height="22" aria-hidden><path d="M8 1l6 2.5v4C14 11 11.5 14 8 15 4.5 14 2 11 2 7.5v-4z" fill="currentColor" /></svg>
          {t('app.name')}
        </a>
        <nav>
          {nav.map((item) => (
            <a key={item.path} href={`#/${item.path}`} className={current === item.path ? 'active' : undefined} data-testid={`nav-${item.path}`}>
              {t(item.label)}
            </a>
          ))}
        </nav>
        <label className="lang">
          <span className="sr-only">{t('lang.label')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="locale" aria-label={t('lang.label')}>
            {locales.map((l) => (
              <option key={l} value={l}>{localeNames[l]}</option>
            ))}
          </select>
        </label>
      </header>
      <div className="walletbar"><WalletBar /></div>
      {config.indexerUrl === null && <p className="banner">{t('common.indexerOffline')}</p>}
      <main>
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>{content ?? <h1>{t('common.notFound')}</h1>}</Suspense>
      </main>
      <footer className="muted small">{t('app.tagline')} · chain {config.deployment.chainId}</footer>
    </>
  );
}
