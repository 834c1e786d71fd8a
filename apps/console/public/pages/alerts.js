import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { followEvents, post } from '../api.js';
import { Badge, ErrorNotice, Field } from '../components.js';
import { dateTime } from '../format.js';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };
const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

function CloseForm({ alert, onDone, onCancel }) {
  const [finding, setFinding] = useState('confirmed');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      await post(`/alerts/${alert.warningId}/closure`, { finding, reason, ...(lines(evidence).length ? { evidence: lines(evidence) } : {}) }, { ifMatch: alert.revision });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = error?.fieldErrors ?? {};
  return html`<form class="card inline-form" onSubmit=${submit} data-form="closure">
    <${ErrorNotice} error=${error} staleText=${t('err.staleGeneric')} />
    <${Field} label=${t('alerts.finding')} name="finding" errors=${errors}>
      <select name="finding" value=${finding} onChange=${(e) => setFinding(e.currentTarget.value)}>
        <option value="confirmed">${t('alerts.finding.confirmed')}</option><option value="dismissed">${t('alerts.finding.dismissed')}</option>
      </select>
    <//>
    <${Field} label=${t('alerts.reason')} name="reason" errors=${errors}><input type="text" name="reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} /><//>
    <${Field} label=${t('alerts.evidence')} name="evidence" errors=${errors}><textarea name="evidence" rows="2" value=${evidence} onInput=${(e) => setEvidence(e.currentTarget.value)}></textarea><//>
    <button type="submit">${t('alerts.close')}</button>
    <button type="button" class="link" onClick=${onCancel}>×</button>
  </form>`;
}

/** The jurisdiction's open alerts, kept live from the alert stream; acknowledge, escalate, close. */
export function AlertsPage() {
  const [alerts, setAlerts] = useState(() => new Map());
  const [connection, setConnection] = useState('connecting');
  const [error, setError] = useState(null);
  const [closing, setClosing] = useState(null);
  const alertsRef = useRef(alerts);

  useEffect(() => {
    const controller = new AbortController();
    const apply = (next) => {
      alertsRef.current = next;
      setAlerts(next);
    };
    followEvents('/alerts/stream', {
      signal: controller.signal,
      onState: (state, failure) => {
        setConnection(state);
        if (failure) setError(failure);
      },
      onMessage: ({ event, data }) => {
        if (!data?.alert) return;
        const next = new Map(alertsRef.current);
        if (event === 'WarningClosed') next.delete(data.alert.warningId);
        else next.set(data.alert.warningId, data.alert);
        apply(next);
      },
    });
    return () => controller.abort();
  }, []);

  const act = async (alert, what) => {
    setError(null);
    try {
      const body = what === 'escalation' ? { from: alert.level } : {};
      await post(`/alerts/${alert.warningId}/${what}`, body, { ifMatch: alert.revision });
    } catch (failure) {
      setError(failure);
    }
  };

  const rows = [...alerts.values()].sort(
    (a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) || b.raisedAt.localeCompare(a.raisedAt),
  );
  const state = { live: ['ok', t('alerts.live')], connecting: ['', t('alerts.connecting')], offline: ['warn', t('alerts.offline')], failed: ['danger', '×'] }[connection];

  return html`<section data-testid="alerts-page">
    <div class="page-head">
      <h1>${t('alerts.title')}</h1>
      <span data-testid="connection" data-state=${connection}><${Badge} kind=${state[0]}>${state[1]}<//></span>
    </div>
    <${ErrorNotice} error=${error} staleText=${t('err.staleGeneric')} />
    <table class="grid" data-testid="alerts">
      <thead><tr>
        <th>${t('alerts.severity')}</th><th>${t('alerts.rule')}</th><th>${t('alerts.summary')}</th><th>${t('common.township')}</th>
        <th>${t('alerts.level')}</th><th>${t('common.status')}</th><th>${t('alerts.raisedAt')}</th><th>${t('alerts.acknowledgeBy')}</th><th>${t('alerts.actions')}</th>
      </tr></thead>
      <tbody>
        ${rows.length === 0 ? html`<tr><td colspan="9" class="muted">${t('alerts.none')}</td></tr>` : null}
        ${rows.map(
          (a) => html`<tr data-warning=${a.warningId} class=${`sev-${a.severity}`}>
            <td><${Badge} kind=${`sev-${a.severity}`}>${term('severity', a.severity)}<//></td>
            <td>${a.ruleTitle}</td>
            <td>${a.summary}${a.caseId ? html` · <a href=${`#/history/${encodeURIComponent(a.caseId)}`}>${a.caseId}</a>` : null}</td>
            <td>${a.jurisdiction?.township}</td>
            <td>${term('level', a.level)}</td>
            <td data-col="status">${term('alertStatus', a.status)}</td>
            <td>${dateTime(a.raisedAt)}</td>
            <td>${a.acknowledgeBy ? dateTime(a.acknowledgeBy) : '—'}</td>
            <td class="actions">
              ${a.status !== 'acknowledged' ? html`<button type="button" class="small" onClick=${() => act(a, 'acknowledgement')}>${t('alerts.acknowledge')}</button>` : null}
              ${a.level !== 'discipline' ? html`<button type="button" class="small secondary" onClick=${() => act(a, 'escalation')}>${t('alerts.escalate')}</button>` : null}
              <button type="button" class="small secondary" onClick=${() => setClosing(a.warningId)}>${t('alerts.close')}</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${closing && alerts.get(closing)
      ? html`<${CloseForm} alert=${alerts.get(closing)} onDone=${() => setClosing(null)} onCancel=${() => setClosing(null)} />`
      : null}
  </section>`;
}
