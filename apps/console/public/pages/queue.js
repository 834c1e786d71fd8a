import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { get, takeCheckpoint } from '../api.js';
import { Badge, ErrorNotice, Loading } from '../components.js';

/** The deadline in working days as the API counts them today (holidays and 调休 included). */
function DaysLeft({ item }) {
  const n = item.workingDaysLeft;
  if (n === null || n === undefined) return null;
  if (item.overdue) {
    return html`<${Badge} kind="danger">${n < 0 ? t('queue.daysOverdue', { n: -n }) : t('queue.overdue')}<//>`;
  }
  return n === 0 ? html`<${Badge} kind="warn">${t('queue.dueToday')}<//>` : html`<span class="muted">${t('queue.daysLeft', { n })}</span>`;
}

/** The township's cases waiting for an action, soonest deadline first. */
export function QueuePage({ principal }) {
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);

  const load = async () => {
    setError(null);
    try {
      const query = { sort: 'due', pageSize: 100, overdue: overdueOnly ? 'true' : undefined, waitFor: takeCheckpoint() ?? undefined };
      setPage((await get('/work-queue', query)).body);
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    load();
  }, [overdueOnly]);

  return html`<section data-testid="queue-page">
    <div class="page-head">
      <h1>${t('queue.title')} <small class="muted">${principal.unit}</small></h1>
      <label class="inline"><input type="checkbox" checked=${overdueOnly} onChange=${(e) => setOverdueOnly(e.currentTarget.checked)} /> ${t('queue.overdueOnly')}</label>
      <button type="button" class="secondary" onClick=${load}>${t('common.reload')}</button>
    </div>
    <${ErrorNotice} error=${error} />
    ${page === null && !error ? html`<${Loading} />` : null}
    ${page
      ? html`<table class="grid" data-testid="queue">
          <thead><tr>
            <th>${t('common.caseId')}</th><th>${t('common.programme')}</th><th>${t('common.township')}</th>
            <th>${t('common.status')}</th><th>${t('queue.nextStep')}</th><th>${t('queue.who')}</th>
            <th>${t('queue.dueBy')}</th>
          </tr></thead>
          <tbody>
            ${page.items.length === 0 ? html`<tr><td colspan="7" class="muted">${t('common.empty')}</td></tr>` : null}
            ${page.items.map(
              (item) => html`<tr class=${item.overdue ? 'overdue' : ''} data-case=${item.caseId}>
                <td><a href=${`#/case/${encodeURIComponent(item.caseId)}`}>${item.caseId}</a>
                  ${item.nearRelative ? html` <${Badge} kind="warn">${t('queue.nearRelative')}<//>` : null}</td>
                <td>${term('programme', item.programme)}</td>
                <td>${item.townshipCode}</td>
                <td data-col="status">${term('status', item.status)}</td>
                <td>${term('step', item.nextStep)}${item.notBefore ? html` <span class="muted small" data-col="not-before">${t('queue.notBeforeNote', { date: item.notBefore })}</span>` : null}</td>
                <td>${item.roles.map((r) => term('role', r)).join('、')}</td>
                <td data-col="due">${item.dueBy ?? '—'} <${DaysLeft} item=${item} /></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <p class="muted">${t('common.page', { page: page.page, total: page.total })}</p>`
      : null}
  </section>`;
}
