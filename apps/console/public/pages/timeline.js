import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { dateTime } from '../format.js';

/** A case's events in order: when, what, by whom, under which delegation. */
export function Timeline({ events, selected }) {
  if (!events.length) return html`<p class="muted">${t('common.empty')}</p>`;
  return html`<ol class="timeline" data-testid="timeline">
    ${events.map(
      (e) => html`<li class=${e.revision === selected ? 'selected' : ''} data-revision=${e.revision}>
        <span class="when">${dateTime(e.occurredAt)}</span>
        <span class="what">${term('event', e.type)}</span>
        <span class="by">${e.actor?.id} · ${term('role', e.actor?.role)}</span>
        ${e.delegationId ? html`<span class="muted small">${t('history.delegation')} ${e.delegationId}</span>` : null}
      </li>`,
    )}
  </ol>`;
}
