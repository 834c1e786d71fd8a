import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { ApiError, get } from '../api.js';
import { ErrorNotice, Facts, Field, Loading } from '../components.js';
import { addDays, chinaDate, dateTime, yuan } from '../format.js';
import { Timeline } from './timeline.js';
import { BundleFileCard, EvidenceCard } from './evidence.js';

const READERS_OF_READERS = ['discipline-inspector', 'auditor'];

/** The delegation and the standard in force at the instant of a step, as the API answers them. */
function InForce({ state, entry }) {
  const [found, setFound] = useState(null);
  useEffect(() => {
    if (!entry || !state.townshipCode || !state.programme) return;
    let live = true;
    const at = entry.occurredAt;
    Promise.allSettled([
      get(`/delegations/${state.townshipCode}/in-force`, { programme: state.programme, at, amountFen: state.programme === 'temporary' ? 1 : undefined }),
      get(`/standards/${state.townshipCode}/in-force`, { programme: state.programme === 'temporary' ? 'dibao' : state.programme, month: chinaDate(at).slice(0, 7) }),
    ]).then(([delegation, standard]) => {
      if (live) setFound({ delegation: delegation.value?.body ?? null, standard: standard.value?.body ?? null });
    });
    return () => {
      live = false;
    };
  }, [entry?.eventId]);
  if (!entry) return null;
  const d = found?.delegation;
  const s = found?.standard;
  return html`<div class="card" data-testid="in-force">
    <h2>${t('history.inForce')}</h2>
    <p class="muted">${dateTime(entry.occurredAt)} · ${term('event', entry.type)}</p>
    <${Facts} rows=${[
      [t('history.delegation'), !found ? '…' : d?.inForce ? `${d.delegation.delegationId} · ${d.delegation.document ?? ''} · ${d.delegation.validFrom ?? ''}–${d.delegation.validTo ?? ''}` : t('history.delegationNone', { reason: d?.reason ?? '—' })],
      [t('history.standard'), !found ? '…' : s ? `${s.region} · ${yuan(s.monthlyFen)} · ${s.effectiveFrom}${s.document ? ` · ${s.document}` : ''}` : t('history.standardNone')],
      [t('history.recordedDelegation'), entry.delegationId ?? '—'],
      [t('history.recordedStandard'), entry.standardRef ? JSON.stringify(entry.standardRef) : '—'],
    ]} />
  </div>`;
}

/** Who read this case's history in the 92 days up to the server's today. */
function Readers({ caseId, today, refresh }) {
  const [reads, setReads] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(`/cases/${encodeURIComponent(caseId)}/readers`, { from: addDays(today, -91), to: today }).then(
      ({ body }) => setReads(body.reads),
      setError,
    );
  }, [caseId, today, refresh]);
  return html`<div class="card">
    <h2>${t('history.readers')}</h2>
    <${ErrorNotice} error=${error} />
    ${reads
      ? html`<table class="grid compact" data-testid="readers"><thead><tr><th>${t('history.reader')}</th><th>${t('history.readAt')}</th><th>${t('common.purpose')}</th><th>${t('history.asOf')}</th></tr></thead>
          <tbody>${reads.map((r) => html`<tr><td>${r.readerId} · ${term('role', r.role)} · ${r.unit}</td><td>${dateTime(r.readAt)}</td><td>${r.purpose ?? ''}</td><td>${r.asOf ?? ''}</td></tr>`)}</tbody></table>`
      : null}
  </div>`;
}

/** Any case's history with a slider through its revisions (as-of), for inspectors and supervisors. */
export function HistoryPage({ caseId, principal }) {
  const [id, setId] = useState(caseId ?? '');
  const [purpose, setPurpose] = useState('');
  const [history, setHistory] = useState(null);
  const [latest, setLatest] = useState(null);
  const [position, setPosition] = useState(null);
  const [error, setError] = useState(null);
  const [fieldErrors, setFieldErrors] = useState({});

  const read = async (asOf) => {
    setError(null);
    setFieldErrors({});
    try {
      const { body } = await get(`/cases/${encodeURIComponent(id.trim())}/history`, { asOf, purpose: purpose || undefined });
      setHistory(body);
      if (asOf === undefined) setLatest(body);
      setPosition(body.revision ?? 0);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError) setFieldErrors(failure.fieldErrors);
    }
  };

  const open = (event) => {
    event.preventDefault();
    read(undefined);
  };

  const total = latest?.currentRevision ?? 0;
  const state = history?.state;
  const entry = history?.events.at(-1);
  const today = latest ? chinaDate(latest.state.asOf) : null;

  return html`<section data-testid="history-page">
    <h1>${t('history.title')}</h1>
    <form class="card row" onSubmit=${open}>
      <${Field} label=${t('common.caseId')} name="caseId" errors=${fieldErrors}>
        <input type="text" name="caseId" value=${id} onInput=${(e) => setId(e.currentTarget.value)} />
      <//>
      <${Field} label=${t('common.purpose')} name="purpose" errors=${fieldErrors} hint=${t('common.purposeHint')}>
        <input type="text" name="purpose" value=${purpose} onInput=${(e) => setPurpose(e.currentTarget.value)} />
      <//>
      <button type="submit">${t('history.open')}</button>
    </form>
    <${ErrorNotice} error=${error} />
    ${latest
      ? html`<div class="card slider">
          <label class="field">
            <span class="label">${t('history.asOf')}: <strong data-testid="slider-label">${t('history.revision', { rev: position, total })}</strong>
              ${entry ? html` · ${dateTime(entry.occurredAt)} · ${term('event', entry.type)}` : null}</span>
            <input type="range" name="asOf" min="0" max=${total} step="1" value=${position}
              onInput=${(e) => setPosition(Number(e.currentTarget.value))}
              onChange=${(e) => read(String(e.currentTarget.value))} data-testid="as-of" />
          </label>
        </div>
        <div class="columns">
          <div>
            <div class="card">
              <h2>${t('history.stateThen')}</h2>
              <${Facts} rows=${[
                [t('common.status'), html`<span data-testid="state-then">${term('status', state.status)}</span>`],
                [t('common.programme'), term('programme', state.programme)],
                [t('common.township'), state.townshipCode],
                [t('case.nextAction'), state.nextAction ? term('step', state.nextAction.step) : t('case.noNextAction')],
                [t('case.deadline'), state.deadline?.dueBy ?? ''],
              ]} />
            </div>
            <${InForce} state=${state} entry=${entry} />
            <${EvidenceCard} caseId=${latest.caseId} purpose=${purpose} />
            ${READERS_OF_READERS.some((r) => principal.roles.includes(r))
              ? html`<${Readers} caseId=${latest.caseId} today=${today} refresh=${history.accessRecord?.revision} />`
              : html`<p class="muted">${t('history.readersHidden')}</p>`}
          </div>
          <div class="card">
            <h2>${t('case.timeline')}</h2>
            <${Timeline} events=${history.events} selected=${history.revision} />
          </div>
        </div>`
      : null}
    <${BundleFileCard} />
  </section>`;
}
