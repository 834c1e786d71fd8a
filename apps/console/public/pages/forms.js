import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ApiError, post } from '../api.js';
import { ErrorNotice, Field } from '../components.js';

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);
const list = (text) => text.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);
/** Yuan typed by a person → fen; anything else goes as typed, for the API to name. */
const fen = (text) => (/^\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text) * 100) : text);
const whole = (text) => (/^\d+$/.test(text.trim()) ? Number(text) : text);

/**
 * The forms of the procedure's steps, by the command the case waits for. Field names are the
 * API's own paths, so a 400 lands next to the field it names.
 */
export function formsFor(command, today, caseState) {
  switch (command) {
    case 'AcceptApplication':
      return { title: t('form.accept'), hint: t('form.acceptHint'), path: 'acceptance', fields: [], body: () => ({}) };
    case 'RecordMeansCheck':
      return {
        title: t('form.meansCheck'), path: 'means-checks',
        fields: [
          { name: 'reportRef', label: t('case.reportRef') },
          { name: 'requestedOn', label: t('form.requestedOn'), type: 'date', initial: today },
          { name: 'reportedOn', label: t('case.reportedOn'), type: 'date', initial: today },
          { name: 'sourcesChecked', label: t('case.sources'), initial: '户籍, 纳税, 社保, 不动产, 车船' },
          { name: 'findings.monthlyIncomeFen', label: `${t('case.income')}（元）` },
          { name: 'findings.financialAssetsFen', label: `${t('case.financialAssets')}（元）`, initial: '0' },
          { name: 'findings.vehicles', label: t('case.vehicles'), initial: '0' },
          { name: 'findings.realEstateUnits', label: t('case.realEstate'), initial: '0' },
          { name: 'findings.incomeOverLimit', label: t('case.incomeOverLimit'), type: 'checkbox' },
        ],
        body: (v) => ({
          reportRef: v.reportRef, requestedOn: v.requestedOn, reportedOn: v.reportedOn, sourcesChecked: list(v.sourcesChecked),
          findings: {
            monthlyIncomeFen: { wages: fen(v['findings.monthlyIncomeFen']) }, financialAssetsFen: fen(v['findings.financialAssetsFen']),
            vehicles: whole(v['findings.vehicles']), realEstateUnits: whole(v['findings.realEstateUnits']), businessRegistrations: 0,
            publicPayrollJob: false, incomeOverLimit: v['findings.incomeOverLimit'] === true,
          },
        }),
      };
    case 'RecordHomeVisit':
      return {
        title: t('form.visit'), path: 'home-visits',
        fields: [
          { name: 'visitedOn', label: t('form.visitedOn'), type: 'date', initial: today },
          { name: 'investigatorIds', label: t('form.investigators') },
          { name: 'mode', label: t('form.mode'), type: 'select', options: ['in-person', 'remote'].map((m) => [m, t(`form.mode.${m}`)]), initial: 'in-person' },
          { name: 'byCounty', label: t('form.byCounty'), type: 'checkbox' },
          { name: 'findings', label: t('form.findings'), type: 'textarea' },
        ],
        body: (v) => ({ visitedOn: v.visitedOn, investigatorIds: list(v.investigatorIds), mode: v.mode, byCounty: v.byCounty === true, findings: v.findings }),
      };
    case 'GivePreliminaryOpinion':
      return {
        title: t('form.opinion'), path: 'preliminary-opinion',
        fields: [
          { name: 'opinion', label: t('form.opinion'), type: 'select', options: ['eligible', 'ineligible'].map((o) => [o, t(`form.opinion.${o}`)]), initial: 'eligible' },
          { name: 'reasons', label: t('form.reasons'), type: 'textarea' },
        ],
        body: (v) => ({ opinion: v.opinion, ...(lines(v.reasons).length ? { reasons: lines(v.reasons) } : {}) }),
      };
    case 'StartPublicity':
      return {
        title: t('form.publicity'), path: 'publicity',
        fields: [
          { name: 'place', label: t('form.place') },
          { name: 'from', label: t('form.from'), type: 'date' },
        ],
        body: (v) => ({ place: v.place, ...(v.from ? { from: v.from } : {}) }),
      };
    case 'ApproveCase':
      return {
        title: t('form.approve'), hint: t('form.approveHint'), path: 'approval', primary: true,
        fields: caseState.programme === 'temporary' ? [{ name: 'amountFen', label: t('form.amountFen') }] : [],
        body: (v) => (caseState.programme === 'temporary' ? { amountFen: fen(v.amountFen) } : {}),
      };
    case 'RejectCase':
      return {
        title: t('form.reject'), path: 'rejection', danger: true,
        fields: [{ name: 'reasons', label: t('form.reasons'), type: 'textarea' }],
        body: (v) => ({ reasons: lines(v.reasons) }),
      };
    case 'SubmitForCountyConfirmation':
      return {
        title: t('form.submitCounty'), path: 'county-confirmation-requests',
        fields: [
          { name: 'recommendation', label: t('form.recommendation'), type: 'select', options: ['approve', 'reject'].map((o) => [o, t(`form.recommendation.${o}`)]), initial: 'approve' },
          { name: 'reasons', label: t('form.reasons'), type: 'textarea' },
        ],
        body: (v) => ({ recommendation: v.recommendation, ...(lines(v.reasons).length ? { reasons: lines(v.reasons) } : {}) }),
      };
    default:
      return null;
  }
}

/** The server's field errors by the form's own field: `reasons[0]` and `findings.vehicles` land where they belong. */
function placeErrors(errors, fields) {
  const placed = {};
  const rest = [];
  for (const error of errors) {
    const field = fields.find((f) => error.field === f.name || error.field.startsWith(`${f.name}.`) || error.field.startsWith(`${f.name}[`));
    if (field) placed[field.name] ??= error.message;
    else rest.push(error);
  }
  return { placed, rest };
}

/** One step's form: sends the command with If-Match, shows what went wrong where it went wrong. */
export function CommandForm({ caseId, form, revision, onDone, onReload }) {
  const initial = Object.fromEntries(form.fields.map((f) => [f.name, f.type === 'checkbox' ? false : (f.initial ?? '')]));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [rest, setRest] = useState([]);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name, value) => setValues({ ...values, [name]: value });

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setRest([]);
    setFailure(null);
    try {
      const { body } = await post(`/cases/${encodeURIComponent(caseId)}/${form.path}`, form.body(values), { ifMatch: revision });
      onDone(form.title, body);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'validation' && error.problem.errors?.length) {
        const { placed, rest: unplaced } = placeErrors(error.problem.errors, form.fields);
        setErrors(placed);
        setRest(unplaced);
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const input = (f) => {
    const common = { name: f.name, id: `${form.path}-${f.name}` };
    switch (f.type) {
      case 'textarea':
        return html`<textarea ...${common} rows="3" value=${values[f.name]} onInput=${(e) => set(f.name, e.currentTarget.value)}></textarea>`;
      case 'select':
        return html`<select ...${common} value=${values[f.name]} onChange=${(e) => set(f.name, e.currentTarget.value)}>
          ${f.options.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>`;
      case 'checkbox':
        return html`<input type="checkbox" ...${common} checked=${values[f.name]} onChange=${(e) => set(f.name, e.currentTarget.checked)} />`;
      default:
        return html`<input type="text" ...${common} placeholder=${f.type === 'date' ? 'YYYY-MM-DD' : ''} value=${values[f.name]} onInput=${(e) => set(f.name, e.currentTarget.value)} />`;
    }
  };

  return html`<form class="card step" onSubmit=${submit} data-form=${form.path} novalidate>
    <h3>${form.title}</h3>
    ${form.hint ? html`<p class="muted">${form.hint}</p>` : null}
    <${ErrorNotice} error=${failure} onReload=${onReload} />
    ${rest.length ? html`<ul class="field-errors">${rest.map((e) => html`<li>${e.field}: ${e.message}</li>`)}</ul>` : null}
    ${form.fields.map((f) => html`<${Field} label=${f.label} name=${f.name} errors=${errors}>${input(f)}<//>`)}
    <button type="submit" class=${form.danger ? 'danger' : form.primary ? 'primary' : ''} disabled=${busy}>${form.title}</button>
  </form>`;
}
