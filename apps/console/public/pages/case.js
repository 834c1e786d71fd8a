import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { ApiError, get } from '../api.js';
import { Badge, ErrorNotice, Facts, Loading } from '../components.js';
import { chinaDate, dateTime, yuan } from '../format.js';
import { CommandForm, formsFor } from './forms.js';
import { Timeline } from './timeline.js';

const incomeRows = (income) => Object.entries(income ?? {}).map(([category, amount]) => [term('income', category), yuan(amount)]);

/** The means-check reports on record (核对), newest first. */
function MeansChecks({ events }) {
  const reports = events.filter((e) => e.type === 'MeansCheckReported').reverse();
  if (reports.length === 0) return html`<p class="muted">${t('case.noMeansCheck')}</p>`;
  return reports.map(({ data }) => html`<${Facts} rows=${[
    [t('case.reportRef'), data.reportRef],
    [t('case.reportedOn'), data.reportedOn],
    [t('case.sources'), (data.sourcesChecked ?? []).join('、')],
    ...incomeRows(data.findings?.monthlyIncomeFen).map(([k, v]) => [`${t('case.income')} · ${k}`, v]),
    [t('case.financialAssets'), yuan(data.findings?.financialAssetsFen)],
    [t('case.vehicles'), data.findings?.vehicles],
    [t('case.realEstate'), data.findings?.realEstateUnits],
    [t('case.incomeOverLimit'), data.findings?.incomeOverLimit ? t('common.yes') : t('common.no')],
  ]} />`);
}

/** A case for the township: household, means check, timeline, and the form of its next step. */
export function CasePage({ caseId, principal }) {
  const [view, setView] = useState(null);
  const [events, setEvents] = useState([]);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);

  const load = async () => {
    setError(null);
    try {
      const { body, etag } = await get(`/cases/${encodeURIComponent(caseId)}`);
      setView({ state: body.state, revision: etag ?? String(body.revision) });
      try {
        setEvents((await get(`/cases/${encodeURIComponent(caseId)}/history`)).body.events);
      } catch (failure) {
        // The timeline is for history readers; the case itself is still shown.
        if (!(failure instanceof ApiError && failure.kind === 'forbidden')) throw failure;
      }
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    load();
  }, [caseId]);

  if (!view) return html`<section><h1>${t('case.title', { id: caseId })}</h1><${ErrorNotice} error=${error} />${error ? null : html`<${Loading} />`}</section>`;
  const { state, revision } = view;
  const next = state.nextAction;
  const today = chinaDate(state.asOf);
  const mayAct = next && next.roles.some((role) => principal.roles.includes(role));
  const forms = mayAct ? next.commands.map((command) => formsFor(command, today, state)).filter(Boolean) : [];
  const onDone = (title) => {
    setDone(title);
    load();
  };

  return html`<section data-testid="case-page">
    <div class="page-head">
      <h1>${t('case.title', { id: caseId })}</h1>
      <${Badge} kind="status"><span data-testid="case-status">${term('status', state.status)}</span><//>
      ${state.overdue.length > 0 ? html`<${Badge} kind="danger">${t('queue.overdue')}<//>` : null}
      <button type="button" class="secondary" onClick=${load}>${t('common.reload')}</button>
    </div>
    <${ErrorNotice} error=${error} />
    ${done ? html`<div class="notice ok" role="status">${t('case.done', { what: done })}</div>` : null}
    <div class="columns">
      <div>
        <div class="card">
          <h2>${t('case.summary')}</h2>
          <${Facts} rows=${[
            [t('common.programme'), term('programme', state.programme)],
            [t('common.township'), state.townshipCode],
            [t('case.submittedOn'), state.submittedOn],
            [t('case.acceptedOn'), state.acceptedOn],
            [t('case.deadline'), state.deadline ? t('case.workingDays', { days: state.deadline.totalWorkingDays, dueBy: state.deadline.dueBy }) + (state.deadline.extended ? t('case.extended') : '') : ''],
            [t('case.nextAction'), next ? `${term('step', next.step)}（${next.roles.map((r) => term('role', r)).join('、')}）${next.dueBy ? ` · ${next.dueBy}` : ''}` : t('case.noNextAction')],
            state.opinion ? [t('case.opinion'), `${t(`form.opinion.${state.opinion.opinion}`)}${state.opinion.proposal ? ` · ${t('case.proposal')} ${yuan(state.opinion.proposal.monthlyAmountFen ?? state.opinion.proposal.amountFen)}` : ''}`] : null,
            state.publicity ? [t('case.publicity'), t('case.publicityRange', state.publicity)] : null,
            state.decision ? [t('case.decision'), `${term('status', state.decision.outcome)} · ${state.decision.decidedOn}${state.decision.award ? ` · ${t('case.award')} ${yuan(state.decision.award.monthlyAmountFen ?? state.decision.award.amountFen)}` : ''}`] : null,
          ]} />
        </div>
        <div class="card">
          <h2>${t('case.household')}</h2>
          <p>${t('case.memberCount', { n: state.memberCount })}</p>
          <table class="grid compact"><thead><tr><th>#</th><th>${t('case.members')}</th></tr></thead>
            <tbody>${state.members.map((m, i) => html`<tr><td>${i + 1}</td><td>${term('relation', m.relation)}${m.diedOn ? ` †${m.diedOn}` : ''}${m.leftOn ? ` (${m.leftOn})` : ''}</td></tr>`)}</tbody>
          </table>
          <h3>${t('case.declaredIncome')}</h3>
          <${Facts} rows=${incomeRows(state.declaredIncomeFen)} />
        </div>
        <div class="card">
          <h2>${t('case.meansCheck')}</h2>
          <${MeansChecks} events=${events} />
        </div>
      </div>
      <div>
        <h2>${t('case.forms')}</h2>
        ${next && !mayAct ? html`<p class="muted">${t('case.notYours', { roles: next.roles.map((r) => term('role', r)).join('、') })}</p>` : null}
        ${next?.notBefore ? html`<div class="notice warn">${t('case.notBefore', { date: next.notBefore })}</div>` : null}
        ${forms.map((form) => html`<${CommandForm} key=${`${form.path}@${revision}`} caseId=${caseId} form=${form} revision=${revision} onDone=${onDone} onReload=${load} />`)}
        <div class="card">
          <h2>${t('case.timeline')}</h2>
          <${Timeline} events=${events} />
        </div>
      </div>
    </div>
  </section>`;
}
