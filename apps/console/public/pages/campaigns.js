import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { get } from '../api.js';
import { Badge, ErrorNotice, Facts, Field, Loading } from '../components.js';
import { yuan } from '../format.js';

/** The campaigns within the official's jurisdiction, newest first (GET /inspections). */
function CampaignList() {
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get('/inspections', { pageSize: 100 }).then(({ body }) => setPage(body), setError);
  }, []);
  return html`<div class="card">
    <h2>${t('campaigns.list')}</h2>
    <${ErrorNotice} error=${error} />
    ${page === null && !error ? html`<${Loading} />` : null}
    ${page
      ? html`<table class="grid compact" data-testid="campaigns">
          <thead><tr>
            <th>${t('campaigns.id')}</th><th>${t('campaigns.name')}</th><th>${t('common.status')}</th><th>${t('campaigns.period')}</th>
            <th>${t('campaigns.sampleSize')}</th><th>${t('campaigns.findingCount')}</th><th>${t('campaigns.rectificationCount')}</th>
          </tr></thead>
          <tbody>
            ${page.items.length === 0 ? html`<tr><td colspan="7" class="muted">${t('campaigns.none')}</td></tr>` : null}
            ${page.items.map((c) => html`<tr data-campaign=${c.campaignId}>
              <td><a href=${`#/campaigns/${encodeURIComponent(c.campaignId)}`}>${c.campaignId}</a></td>
              <td>${c.title}</td>
              <td data-col="status">${term('campaignStatus', c.status)}</td>
              <td>${c.scope?.period ? `${c.scope.period.from} – ${c.scope.period.to}` : ''}</td>
              <td data-col="sample">${c.sample ? t('campaigns.sampleOf', { n: c.sample.size, population: c.sample.population, size: c.sample.treeSize }) : t('campaigns.notDrawn')}</td>
              <td data-col="findings">${c.findings.total}${c.findings.amountFen > 0 ? ` · ${yuan(c.findings.amountFen)}` : ''}</td>
              <td data-col="rectifications">${c.rectifications.total}（${c.rectifications.open}／${c.rectifications.overdue}）
                ${c.rectifications.overdue > 0 ? html`<${Badge} kind="danger">${t('queue.overdue')}<//>` : null}</td>
            </tr>`)}
          </tbody>
        </table>
        <p class="muted">${t('common.page', { page: page.page, total: page.total })}</p>`
      : null}
  </div>`;
}

/** Special inspection campaigns (专项治理): the list, and one campaign with its sample, findings and rectifications. */
export function CampaignsPage({ campaignId }) {
  const [id, setId] = useState(campaignId ?? '');
  const [campaign, setCampaign] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (!campaignId) return;
    get(`/inspections/${encodeURIComponent(campaignId)}`).then(({ body }) => setCampaign(body.state), setError);
  }, [campaignId]);

  const open = (event) => {
    event.preventDefault();
    location.hash = `#/campaigns/${encodeURIComponent(id.trim())}`;
  };
  const draw = campaign?.draw;

  return html`<section data-testid="campaigns-page">
    <h1>${t('campaigns.title')}</h1>
    <form class="card row" onSubmit=${open}>
      <${Field} label=${t('campaigns.id')} name="campaignId"><input type="text" name="campaignId" value=${id} onInput=${(e) => setId(e.currentTarget.value)} /><//>
      <button type="submit">${t('common.load')}</button>
    </form>
    <${ErrorNotice} error=${error} />
    ${campaignId ? html`<p><a href="#/campaigns">${t('campaigns.back')}</a></p>` : html`<${CampaignList} />`}
    ${campaign
      ? html`<div class="card" data-testid="campaign">
          <h2>${campaign.title}</h2>
          <${Facts} rows=${[
            [t('campaigns.scope'), `${(campaign.scope?.townships ?? []).join('、')} · ${(campaign.scope?.programmes ?? []).map((p) => term('programme', p)).join('、')}`],
            [t('campaigns.period'), campaign.scope?.period ? `${campaign.scope.period.from} – ${campaign.scope.period.to}` : ''],
            [t('campaigns.sample'), draw ? t('campaigns.sampleOf', { n: draw.sample.length, population: draw.population.count, size: draw.treeHead?.treeSize }) : t('campaigns.notDrawn')],
          ]} />
          ${draw ? html`<p class="small">${draw.sample.map((s) => html`<a href=${`#/history/${encodeURIComponent(s.caseId)}`}>${s.caseId}</a> `)}</p>` : null}
        </div>
        <div class="card"><h2>${t('campaigns.findings')}</h2>
          <table class="grid compact"><thead><tr><th>${t('campaigns.class')}</th><th>${t('common.township')}</th><th>${t('common.caseId')}</th><th>${t('alerts.summary')}</th><th>${t('campaigns.amount')}</th></tr></thead>
            <tbody>${campaign.findings.map((f) => html`<tr><td>${term('findingClass', f.findingClass)}</td><td>${f.townshipCode}</td><td>${f.caseId ?? ''}</td><td>${f.description}</td><td>${yuan(f.amountFen)}</td></tr>`)}</tbody></table>
        </div>
        <div class="card"><h2>${t('campaigns.rectifications')}</h2>
          <table class="grid compact"><thead><tr><th>${t('common.township')}</th><th>${t('campaigns.requirement')}</th><th>${t('campaigns.dueBy')}</th><th>${t('common.status')}</th></tr></thead>
            <tbody>${campaign.rectifications.map((r) => html`<tr class=${r.completedLate ? 'overdue' : ''}><td>${r.townshipCode}</td><td>${r.requirement}</td><td>${r.dueBy}</td><td>${term('rectification', r.status)}</td></tr>`)}</tbody></table>
        </div>`
      : null}
  </section>`;
}
