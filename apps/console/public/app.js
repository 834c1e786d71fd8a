import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { lang, setLang, t, term } from './i18n.js';
import { session } from './api.js';
import { SignInPage } from './pages/sign-in.js';
import { QueuePage } from './pages/queue.js';
import { CasePage } from './pages/case.js';
import { HistoryPage } from './pages/history.js';
import { CampaignsPage } from './pages/campaigns.js';
import { AlertsPage } from './pages/alerts.js';
import { CreditPage } from './pages/credit.js';
import { IntegrityPage } from './pages/integrity.js';

const CASE_WORKERS = ['intake-clerk', 'township-approver', 'county-reviewer'];
const OVERSIGHT = ['discipline-inspector', 'auditor', 'supervisor', 'county-reviewer'];
const ALERT_READERS = ['supervisor', 'county-reviewer', 'township-approver', 'discipline-inspector', 'auditor', 'admin'];

/** The pages a role finds in the left navigation, in order. */
const NAV = [
  { route: 'queue', label: 'nav.queue', roles: CASE_WORKERS },
  { route: 'history', label: 'nav.history', roles: [...OVERSIGHT, 'intake-clerk', 'township-approver'] },
  { route: 'campaigns', label: 'nav.campaigns', roles: [...OVERSIGHT, 'admin'] },
  { route: 'alerts', label: 'nav.alerts', roles: ALERT_READERS },
  { route: 'credit', label: 'nav.credit', roles: [...ALERT_READERS, 'intake-clerk'] },
  { route: 'integrity', label: 'nav.integrity', roles: ALERT_READERS },
];

function parseHash() {
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [route = '', ...rest] = path.split('/');
  return { route, arg: rest.map(decodeURIComponent).join('/') || null, params: new URLSearchParams(search) };
}

function navFor(principal) {
  return NAV.filter((item) => item.roles.some((role) => principal.roles.includes(role)));
}

function Page({ location: where, principal }) {
  switch (where.route) {
    case 'queue': return html`<${QueuePage} principal=${principal} />`;
    case 'case': return html`<${CasePage} caseId=${where.arg} principal=${principal} />`;
    case 'history': return html`<${HistoryPage} caseId=${where.arg} principal=${principal} />`;
    case 'campaigns': return html`<${CampaignsPage} campaignId=${where.arg} principal=${principal} />`;
    case 'alerts': return html`<${AlertsPage} principal=${principal} />`;
    case 'credit': return html`<${CreditPage} householdId=${where.arg} principal=${principal} />`;
    case 'integrity': return html`<${IntegrityPage} principal=${principal} />`;
    default: return null;
  }
}

function App() {
  const [, setLanguage] = useState(lang());
  const [principal, setPrincipal] = useState(session.principal);
  const [reason, setReason] = useState(null);
  const [where, setWhere] = useState(parseHash());

  useEffect(() => session.onChange((why) => {
    setPrincipal(session.principal);
    setReason(why);
  }), []);
  useEffect(() => {
    const onHash = () => setWhere(parseHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const nav = principal ? navFor(principal) : [];
  useEffect(() => {
    if (principal && !where.route && nav.length > 0) location.hash = `#/${nav[0].route}`;
  }, [principal, where.route]);

  const switchLanguage = () => {
    setLang(lang() === 'en' ? 'zh-CN' : 'en');
    setLanguage(lang());
  };

  return html`<div class="shell">
    <header class="top">
      <div class="brand"><strong>${t('app.title')}</strong><span>${t('app.subtitle')}</span></div>
      ${principal && session.viaDevSignIn ? html`<span class="badge dev" title=${t('signIn.devNote', { hours: 4 })}>${t('signIn.dev')}</span>` : null}
      <div class="spacer"></div>
      ${principal
        ? html`<span class="who" data-testid="who">${principal.sub} · ${principal.roles.map((r) => term('role', r)).join('、')} · ${principal.unit}</span>`
        : null}
      <button type="button" class="link" onClick=${switchLanguage} data-testid="lang-switch">${t('lang.switch')}</button>
      ${principal ? html`<button type="button" class="link" onClick=${() => session.signOut()}>${t('signOut')}</button>` : null}
    </header>
    ${principal
      ? html`<div class="body">
          <nav class="side">
            ${nav.map((item) => html`<a href=${`#/${item.route}`} class=${where.route === item.route ? 'active' : ''}>${t(item.label)}</a>`)}
          </nav>
          <main><${Page} key=${`${where.route}/${where.arg}`} location=${where} principal=${principal} /></main>
        </div>`
      : html`<main class="alone"><${SignInPage} reason=${reason} /></main>`}
  </div>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
