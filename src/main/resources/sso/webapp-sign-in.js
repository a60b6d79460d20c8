/*
 * Single sign-on (profile sso) in the Camunda webapps; served in place of the webapps' scripts/sign-in.js, which does
 * nothing in the other profiles. The agency's OpenID Connect provider signs people in, so:
 * - the logout link ends the platform's session and then the provider's (its end-session page returns to
 *   the platform's signed-out page);
 * - Camunda's own login form never shows: when a webapp asks for a login (the session ended, e.g. a leaver's), the
 *   page reloads at the webapp's root, where the platform sends the browser to the provider; a person signed in but
 *   without access to this webapp goes to the welcome page, which lists the webapps they may open.
 */
const LOGOUT = '__LOGOUT__';
const WEBAPPS = '__WEBAPPS__';

function csrfToken() {
  const cookie = document.cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

async function logOut() {
  const response = await fetch(LOGOUT, {
    method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() }
  });
  const answer = await response.json().catch(() => ({}));
  window.location.href = answer.location || (WEBAPPS + '/app/tasklist/default/');
}

// Capturing, so Camunda's own logout (which would show its login form) never runs.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('li.logout a, a.logout, [ng-click*="logout"]') : null;
  if (link) {
    event.preventDefault();
    event.stopImmediatePropagation();
    logOut();
  }
}, true);

const app = (window.location.pathname.match(/\/app\/([^/]+)\//) || [])[1];

async function instead_of_login_form() {
  if (!/^#!?\/login/.test(window.location.hash)) {
    return;
  }
  const who = await fetch(WEBAPPS + '/api/admin/auth/user/default', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const user = who.ok ? await who.json().catch(() => null) : null;
  if (!user) {
    window.location.replace(WEBAPPS + '/app/' + app + '/default/');
  } else if ((user.authorizedApps || []).includes(app)) {
    window.location.replace(WEBAPPS + '/app/' + app + '/default/#/');
  } else {
    window.location.replace(WEBAPPS + '/app/welcome/default/#!/welcome');
  }
}

window.addEventListener('hashchange', instead_of_login_form);
instead_of_login_form();

export default [];
