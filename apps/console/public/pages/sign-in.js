import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, term } from '../i18n.js';
import { ApiError, get, post, session } from '../api.js';
import { ErrorNotice, Field, Loading } from '../components.js';

/**
 * 开发登录 where the API offers it (the embedded default): pick an official recorded in the
 * ledger. Otherwise, or besides, paste a token from the identity provider.
 */
export function SignInPage({ reason }) {
  const [dev, setDev] = useState(undefined);
  const [error, setError] = useState(null);
  const [picked, setPicked] = useState('');
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState(null);

  const [filter, setFilter] = useState('');

  useEffect(() => {
    // A seeded city has hundreds of officials: the list is filtered on the server as one types.
    const timer = setTimeout(() => {
      get('/dev-sign-in', filter.trim() === '' ? undefined : { q: filter.trim() }, { auth: false }).then(
        ({ body }) => {
          setDev(body);
          setPicked(body.officials.length > 0 ? body.officials[0].officialId : '');
        },
        (failure) => {
          setDev(null);
          if (!(failure instanceof ApiError && failure.kind === 'not-found')) setError(failure);
        },
      );
    }, filter === '' ? 0 : 250);
    return () => clearTimeout(timer);
  }, [filter]);

  const signInAs = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      const { body } = await post('/dev-sign-in', { officialId: picked }, { auth: false });
      session.signIn(body.token, true);
    } catch (failure) {
      setError(failure);
    }
  };

  const useToken = (event) => {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) {
      setTokenError({ token: t('signIn.badToken') });
      return;
    }
    session.signIn(value, false);
  };

  return html`<section class="sign-in">
    <h1>${t('signIn.title')}</h1>
    ${reason === 'expired' || reason === 'unauthenticated'
      ? html`<div class="notice warn" role="alert">${t(reason === 'expired' ? 'err.expired' : 'err.unauthenticated')}</div>`
      : null}
    <${ErrorNotice} error=${error} />
    ${dev === undefined ? html`<${Loading} />` : null}
    ${dev
      ? html`<form class="card dev" onSubmit=${signInAs} data-testid="dev-sign-in">
          <h2><span class="badge dev">${t('signIn.dev')}</span></h2>
          <p class="muted">${t('signIn.devNote', { hours: Math.round(dev.ttlSeconds / 3600) })}</p>
          <${Field} label=${t('signIn.filter')} name="filter">
            <input name="filter" type="search" value=${filter} placeholder=${t('signIn.filterHint')}
              onInput=${(e) => setFilter(e.currentTarget.value)} />
          <//>
          ${dev.truncated ? html`<p class="muted">${t('signIn.truncated', { count: dev.officials.length })}</p>` : null}
          ${dev.officials.length === 0
            ? html`<p>${t(filter.trim() === '' ? 'signIn.none' : 'signIn.noMatch')}</p>`
            : html`<${Field} label=${t('signIn.pick')} name="officialId">
                <select name="officialId" value=${picked} onChange=${(e) => setPicked(e.currentTarget.value)}>
                  ${dev.officials.map(
                    (o) => html`<option value=${o.officialId}>
                      ${o.name} · ${o.roles.map((r) => term('role', r)).join('、')} · ${o.unit} (${o.officialId})
                    </option>`,
                  )}
                </select>
              <//>
              <button type="submit">${t('signIn.as')}</button>`}
        </form>`
      : null}
    <form class="card" onSubmit=${useToken}>
      <h2>${t('signIn.token')}</h2>
      <${Field} label=${t('signIn.tokenHint')} name="token" errors=${tokenError}>
        <textarea name="token" rows="3" value=${token} onInput=${(e) => setToken(e.currentTarget.value)}></textarea>
      <//>
      <button type="submit" class="secondary">${t('signIn.submit')}</button>
    </form>
  </section>`;
}
