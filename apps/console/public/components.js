import { html } from './html.js';
import { t, term } from './i18n.js';
import { ApiError } from './api.js';

/** What a person reads for a failed request; never a stack or a raw exception. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return t('err.server');
  const { problem } = error;
  switch (error.kind) {
    case 'expired': return t('err.expired');
    case 'unauthenticated': return t('err.unauthenticated');
    case 'forbidden':
      return problem.requiredRoles
        ? t('err.forbidden', { roles: problem.requiredRoles.map((r) => term('role', r)).join('、') })
        : t('err.forbiddenPlain', { detail: problem.detail ?? '' });
    case 'unreachable': return t('err.unreachable');
    case 'stale': return t('err.stale');
    case 'conflict': return t('err.conflict', { detail: problem.detail ?? problem.code ?? '' });
    case 'not-found': return t('err.notFound', { detail: problem.detail ?? '' });
    case 'validation': return problem.errors?.length ? t('err.validation') : problem.detail ?? t('err.validation');
    case 'unavailable': return t('err.unavailable');
    case 'rate-limited': return t('err.rateLimited');
    default: return t('err.server');
  }
}

/** A failed request as a notice; a 412 offers to reload. */
export function ErrorNotice({ error, onReload, staleText }) {
  if (!error) return null;
  const stale = error instanceof ApiError && error.kind === 'stale';
  return html`<div class="notice error" role="alert" data-error-kind=${error.kind ?? 'server'}>
    <span>${stale && staleText ? staleText : describeError(error)}</span>
    ${stale && onReload ? html`<button type="button" class="secondary" onClick=${onReload}>${t('common.reload')}</button>` : null}
  </div>`;
}

/** A labelled form field with the server's message for it right below. */
export function Field({ label, name, errors, children, hint }) {
  const message = errors?.[name];
  return html`<label class=${`field${message ? ' invalid' : ''}`} data-field=${name}>
    <span class="label">${label}</span>
    ${children}
    ${hint ? html`<span class="hint">${hint}</span>` : null}
    ${message ? html`<span class="field-error" role="alert" data-field-error=${name}>${message}</span>` : null}
  </label>`;
}

export function Loading() {
  return html`<p class="muted">${t('common.loading')}</p>`;
}

/** Key/value rows. */
export function Facts({ rows }) {
  return html`<dl class="facts">${rows.filter(Boolean).map(([k, v]) => html`<dt>${k}</dt><dd>${v === '' || v === null || v === undefined ? '—' : v}</dd>`)}</dl>`;
}

export function Badge({ kind = '', children }) {
  return html`<span class=${`badge ${kind}`}>${children}</span>`;
}
