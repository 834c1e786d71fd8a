import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { ErrorNotice, Loading } from '../components.js';

/** A horizontal bar chart in SVG: no chart library, nothing fetched from elsewhere. */
function Bars({ rows }) {
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const height = 26 * rows.length + 10;
  return html`<svg class="chart" viewBox=${`0 0 640 ${height}`} role="img" aria-label=${t('integrity.per100')}>
    ${rows.map((r, i) => {
      const width = Math.round(((r.value ?? 0) / max) * 440);
      return html`<g transform=${`translate(0 ${i * 26 + 5})`}>
        <text x="110" y="15" text-anchor="end" class="axis">${r.label}</text>
        <rect x="120" y="2" width=${Math.max(width, 1)} height="18" class="bar" />
        <text x=${126 + width} y="15" class="value">${r.value === null ? '—' : r.value}</text>
      </g>`;
    })}
  </svg>`;
}

export function IntegrityPage({ principal }) {
  const [index, setIndex] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get('/integrity-index', principal.unit.length === 6 ? { county: principal.unit } : {}).then(({ body }) => setIndex(body), setError);
  }, []);
  return html`<section data-testid="integrity-page">
    <h1>${t('integrity.title')} ${index ? html`<small class="muted">${t('integrity.asOf', { date: index.date })}</small>` : null}</h1>
    <${ErrorNotice} error=${error} />
    ${!index && !error ? html`<${Loading} />` : null}
    ${index
      ? html`<div class="card">
          <h2>${t('integrity.per100')}</h2>
          ${index.townships.length === 0 ? html`<p class="muted">${t('common.empty')}</p>` : html`<${Bars} rows=${index.townships.map((r) => ({ label: r.township, value: r.warningsPer100Cases }))} />`}
        </div>
        <table class="grid">
          <thead><tr><th>${t('common.township')}</th><th>${t('integrity.activeCases')}</th><th>${t('integrity.warnings')}</th><th>${t('integrity.per100')}</th><th>${t('integrity.confirmed')}</th><th>${t('integrity.overdue')}</th></tr></thead>
          <tbody>${index.townships.map((r) => html`<tr><td>${r.township}</td><td>${r.activeCases}</td><td>${r.warnings}</td><td>${r.warningsPer100Cases ?? '—'}</td><td>${r.confirmed}</td><td>${r.overdueCloseOuts}</td></tr>`)}</tbody>
        </table>`
      : null}
  </section>`;
}
