import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ApiError, download, get } from '../api.js';
import { ErrorNotice } from '../components.js';
import { dateTime } from '../format.js';
import { verifyBundle } from '../bundle-verify.js';

const CHECKS = ['signature', 'key', 'content', 'chain', 'proof'];

/** The ledger's tree-head public key, as the API publishes it (public, no token needed). */
async function ledgerPublicKey() {
  const { body } = await get('/integrity/public-key', undefined, { auth: false });
  return body.publicKeyPem;
}

/** What a failure names: the step (revision) and event it is about, in the reader's language. */
function failureText(failure) {
  const kind = t(`verify.kind.${failure.kind}`);
  if (failure.kind === 'missing-event') return t('verify.missing', { kind, rev: failure.revision });
  if (failure.eventId) return t('verify.atEvent', { kind, rev: failure.revision, event: failure.eventId, message: failure.message });
  return `${kind}：${failure.message}`;
}

/** The result of a verification: 验证通过 / 验证失败, each check, and every event that failed. */
export function VerificationResult({ result }) {
  if (!result) return null;
  const checkLabel = (name) => {
    if (name === 'content') return t('verify.check.content', { n: result.checked.events });
    if (name === 'proof') return t('verify.check.proof', { n: result.checked.proofs });
    return t(`verify.check.${name}`);
  };
  return html`<div class=${`notice ${result.ok ? 'ok' : 'error'} verification`} role="status" data-testid="verification" data-result=${result.ok ? 'valid' : 'invalid'}>
    <strong data-testid="verification-verdict">${result.ok ? t('verify.valid') : t('verify.invalid')}</strong>
    ${result.treeHead
      ? html`<p class="small">${t('verify.about', { stream: result.streamId, n: result.checked.events, size: result.treeHead.treeSize, at: dateTime(result.treeHead.timestamp) })}
          <br />${t('verify.keyId')}: <code>${result.keyId ?? '—'}</code></p>`
      : null}
    ${result.checks.format === false
      ? html`<p>${t('verify.check.format')}: ✗</p>`
      : html`<ul class="checks">
          ${CHECKS.map((name) => html`<li data-check=${name} data-ok=${String(result.checks[name])}>${result.checks[name] ? '✓' : '✗'} ${checkLabel(name)}</li>`)}
        </ul>`}
    ${result.failures.length > 0
      ? html`<ol class="failures" data-testid="verification-failures">
          ${result.failures.map((f) => html`<li data-kind=${f.kind} data-revision=${f.revision ?? ''} data-event=${f.eventId ?? ''}>${failureText(f)}</li>`)}
        </ol>`
      : null}
  </div>`;
}

/** Download a case's evidence bundle and verify it here, in the browser. */
export function EvidenceCard({ caseId, purpose }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const take = async () => {
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      const bundle = await download(`/cases/${encodeURIComponent(caseId)}/evidence`, { purpose: purpose || undefined }, `evidence-${caseId}.json`);
      setResult(await verifyBundle(bundle, await ledgerPublicKey()));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const pending = error instanceof ApiError && error.problem.code === 'not-yet-signed';
  return html`<div class="card" data-testid="evidence">
    <h2>${t('history.evidence')}</h2>
    <button type="button" class="secondary" onClick=${take} disabled=${busy}>${t('history.download')}</button>
    ${busy ? html` <span class="muted">${t('verify.running')}</span>` : null}
    ${pending ? html`<div class="notice warn" role="status">${t('history.evidencePending')}</div>` : html`<${ErrorNotice} error=${error} />`}
    <${VerificationResult} result=${result} />
  </div>`;
}

/** Verify a bundle file received elsewhere against this ledger's key. */
export function BundleFileCard() {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [unreadable, setUnreadable] = useState(null);
  const pick = async (event) => {
    const file = event.currentTarget.files?.[0];
    setResult(null);
    setError(null);
    setUnreadable(null);
    if (!file) return;
    let bundle;
    try {
      bundle = JSON.parse(await file.text());
    } catch {
      setUnreadable(t('verify.notJson', { name: file.name }));
      return;
    }
    try {
      setResult(await verifyBundle(bundle, await ledgerPublicKey()));
    } catch (failure) {
      setError(failure);
    }
  };
  return html`<div class="card" data-testid="bundle-file">
    <h2>${t('verify.fileTitle')}</h2>
    <p class="muted small">${t('verify.fileHint')}</p>
    <input type="file" name="bundleFile" accept=".json,application/json" onChange=${pick} />
    ${unreadable ? html`<div class="notice error" role="alert">${unreadable}</div>` : null}
    <${ErrorNotice} error=${error} />
    <${VerificationResult} result=${result} />
  </div>`;
}
