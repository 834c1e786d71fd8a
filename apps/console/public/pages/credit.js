import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { get } from '../api.js';
import { ErrorNotice, Facts, Field } from '../components.js';

/** The namespace the ledger keys households by (libs/credit household-id.ts). */
const HOUSEHOLD_ID_NAMESPACE = 'b7d0c7a2-3f5e-4a51-9c1e-6d2f8e4a9b13';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDv5 (RFC 9562) of a resident ID number, as the ledger derives household ids. */
async function householdIdOf(idNumber) {
  const ns = HOUSEHOLD_ID_NAMESPACE.replace(/-/g, '').match(/../g).map((h) => parseInt(h, 16));
  const name = new TextEncoder().encode(idNumber.trim().toUpperCase());
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array([...ns, ...name])));
  const bytes = hash.slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function CreditPage({ householdId }) {
  const [lookup, setLookup] = useState(householdId ?? '');
  const [credit, setCredit] = useState(null);
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    get('/credit', { pageSize: 50 }).then(({ body }) => setList(body), setError);
  }, []);
  useEffect(() => {
    if (householdId) show(householdId);
  }, [householdId]);

  async function show(id) {
    setError(null);
    setCredit(null);
    try {
      setCredit((await get(`/households/${encodeURIComponent(id)}/credit`)).body.state);
    } catch (failure) {
      setError(failure);
    }
  }

  const submit = async (event) => {
    event.preventDefault();
    const value = lookup.trim();
    if (UUID.test(value)) return show(value);
    if (!globalThis.crypto?.subtle) return setError(new Error(t('credit.noSubtle')));
    return show(await householdIdOf(value));
  };

  return html`<section data-testid="credit-page">
    <h1>${t('credit.title')}</h1>
    <form class="card row" onSubmit=${submit}>
      <${Field} label=${t('credit.lookup')} name="lookup"><input type="text" name="lookup" value=${lookup} onInput=${(e) => setLookup(e.currentTarget.value)} /><//>
      <button type="submit">${t('common.load')}</button>
    </form>
    ${error instanceof Error && !error.kind ? html`<div class="notice warn">${error.message}</div>` : html`<${ErrorNotice} error=${error} />`}
    ${credit
      ? html`<div class="card" data-testid="credit">
          <${Facts} rows=${[
            [t('credit.grade'), `${term('grade', credit.grade)}${credit.gradeLabel ? `（${credit.gradeLabel}）` : ''}`],
            [t('credit.banUntil'), credit.banUntil ?? '—'],
            [t('common.township'), credit.townshipCode],
          ]} />
          <h3>${t('credit.records')}</h3>
          <table class="grid compact"><thead><tr><th>${t('credit.behaviour')}</th><th>${t('credit.occurredOn')}</th><th>${t('common.status')}</th><th>${t('alerts.summary')}</th></tr></thead>
            <tbody>${(credit.records ?? []).map((r) => html`<tr><td>${r.behaviour}</td><td>${r.occurredOn}</td><td>${r.status ?? r.severity ?? ''}</td><td>${r.summary ?? ''}</td></tr>`)}</tbody></table>
        </div>`
      : null}
    ${list
      ? html`<div class="card"><h2>${t('credit.list')}</h2>
          <table class="grid compact"><thead><tr><th>ID</th><th>${t('common.township')}</th><th>${t('credit.grade')}</th><th>${t('credit.banUntil')}</th></tr></thead>
            <tbody>
              ${list.items.length === 0 ? html`<tr><td colspan="4" class="muted">${t('common.empty')}</td></tr>` : null}
              ${list.items.map((h) => html`<tr><td><a href=${`#/credit/${h.householdId}`}>${h.householdId}</a></td><td>${h.townshipCode}</td><td>${term('grade', h.grade)}</td><td>${h.activeBanUntil ?? ''}</td></tr>`)}
            </tbody></table></div>`
      : null}
  </section>`;
}
