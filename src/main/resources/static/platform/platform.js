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

// A change through the platform API: the session's Camunda CSRF token goes with it (see /api/session).
async function postJson(url, body, session) {
  const response = await fetch(url, {
    method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': session.csrfToken }
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message || `${url}: ${response.status}`);
  return answer;
}

// Values as the agency reads them (registers and case pages alike): はい/いいえ, times in Japan time as
// yyyy/MM/dd HH:mm, days as yyyy/MM/dd (issue 15); anything else as it is.
const JAPAN_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false
});

function written(value) {
  if (value === true) return 'はい';
  if (value === false) return 'いいえ';
  if (value == null) return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (day) return `${day[1]}/${day[2]}/${day[3]}`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(String(value))) {
    const moment = new Date(value);
    if (!Number.isNaN(moment.getTime())) return JAPAN_TIME.format(moment);
  }
  return String(value);
}
