// Shared by the platform's own pages: JSON from the platform API with the Tasklist session.
const $ = (selector) => document.querySelector(selector);

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    window.location.href = '/camunda/app/welcome/default/#!/login';
    throw new Error('ログインしてください');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || `${url}: ${response.status}`);
  return body;
}
