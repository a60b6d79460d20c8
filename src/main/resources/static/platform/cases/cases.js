// マイ申請 and the case page. The API answers only the viewer's own requests and the cases they may see;
// everything is written with textContent, never as HTML.

// Dates and times the API passes through as stored (a form's date fields) read as on the registers page.
function cell(row, value) {
  const td = row.insertCell();
  td.textContent = written(value);
  return td;
}

function showError(e) {
  $('#message').textContent = e.message;
  $('#message').hidden = false;
}

const PAGE_SIZE = 50;

// One page of a paged list: the rows and the whole list's length (header X-Total-Count).
async function getPage(url, page) {
  const response = await fetch(`${url}?page=${page}&size=${PAGE_SIZE}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    window.location.href = '/camunda/app/welcome/default/#!/login';
    throw new Error('ログインしてください');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || `${url}: ${response.status}`);
  return { rows: body, total: Number(response.headers.get('X-Total-Count') || body.length) };
}

// A table filled one page at a time, with 前へ / 次へ when the list is longer than a page.
function pagedTable({ url, tbody, pager, count, empty, render }) {
  let page = 0;
  async function show() {
    const { rows, total } = await getPage(url, page);
    tbody.replaceChildren();
    for (const row of rows) render(tbody.insertRow(), row);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    count.textContent = total === 0 ? empty : `${total} 件`;
    pager.hidden = pages <= 1;
    pager.querySelector('span').textContent = `${page + 1} / ${pages} ページ`;
    pager.querySelector('[data-step="-1"]').disabled = page === 0;
    pager.querySelector('[data-step="1"]').disabled = page + 1 >= pages;
  }
  pager.addEventListener('click', async (event) => {
    const step = Number(event.target.dataset.step || 0);
    if (!step) return;
    page += step;
    try {
      await show();
    } catch (e) {
      showError(e);
    }
  });
  return show();
}

async function list() {
  await pagedTable({
    url: '/api/my/requests', tbody: $('#requests tbody'), pager: $('#requestsPager'), count: $('#count'),
    empty: 'まだ申請はありません。',
    render: (tr, request) => {
      tr.dataset.id = request.id;
      tr.insertCell().appendChild(caseLink(request));
      cell(tr, request.process);
      cell(tr, request.summary);
      cell(tr, request.startedAt);
      cell(tr, request.currentSteps.map((s) => s.name).join('、'));
      cell(tr, request.currentSteps.map((s) => s.holder).join('、'));
      cell(tr, request.currentSteps.map((s) => s.due).filter(Boolean).join('、'));
      cell(tr, request.status);
    }
  });
  await recallableDecisions();
  await pagedTable({
    url: '/api/my/decisions', tbody: $('#decisions tbody'), pager: $('#decisionsPager'), count: $('#decidedCount'),
    empty: '判断した手順はまだありません。',
    render: (tr, d) => {
      tr.dataset.id = d.id;
      tr.insertCell().appendChild(caseLink(d));
      for (const value of [d.process, d.applicantName, d.summary, d.step, d.decision, d.decidedAt, d.comment, d.status]) cell(tr, value);
    }
  });
}

// 引戻し: the viewer's own decisions within the recall window; a button where the server says it can be recalled,
// else the server's reason why not.
async function recallableDecisions() {
  const rows = await getJson('/api/my/recallable-decisions');
  const tbody = $('#recallable tbody');
  tbody.replaceChildren();
  $('#recallableCount').textContent = rows.length === 0 ? '引き戻せる判断はありません。' : `${rows.length} 件`;
  for (const d of rows) {
    const tr = tbody.insertRow();
    tr.dataset.task = d.taskId;
    tr.insertCell().appendChild(caseLink({ id: d.processInstanceId, recordNumber: d.recordNumber }));
    for (const value of [d.processName, d.applicantName, d.step, DECISION_NAMES[d.decision] || d.decision, d.decidedAt]) cell(tr, value);
    const td = tr.insertCell();
    if (d.recallable) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'action';
      button.textContent = '引戻し';
      button.addEventListener('click', () => openRecall(`「${d.step}」の判断（${DECISION_NAMES[d.decision] || d.decision}）を引き戻します。`
        + '手順はあなたに戻り、次の手順の担当者と申請者に通知されます。',
        `/api/my/decisions/${encodeURIComponent(d.taskId)}/recall`));
      td.appendChild(button);
    } else {
      td.textContent = d.refusal;
    }
  }
}

const DECISION_NAMES = { approve: '承認', reject: '却下', sendBack: '差戻し' };

// The recall's reason dialog; a refusal stays in the dialog in the server's own Japanese words.
function openRecall(description, url) {
  const dialog = $('#recallDialog');
  $('#recallDescription').textContent = description;
  $('#recallMessage').hidden = true;
  $('#recallForm').onsubmit = async (event) => {
    event.preventDefault();
    $('#recallSubmit').disabled = true;
    try {
      const session = await getJson('/api/session');
      await postJson(url, { reason: $('#recallReason').value }, session);
      window.location.reload();
    } catch (e) {
      $('#recallMessage').textContent = e.message;
      $('#recallMessage').hidden = false;
    } finally {
      $('#recallSubmit').disabled = false;
    }
  };
  $('#recallCancel').onclick = () => dialog.close();
  dialog.showModal();
}

function caseLink(request) {
  const link = document.createElement('a');
  link.href = `case.html?id=${encodeURIComponent(request.id)}`;
  link.textContent = request.recordNumber || '（番号なし）';
  return link;
}

async function detail(session) {
  const id = new URLSearchParams(location.search).get('id') || '';
  const c = await getJson(`/api/cases/${encodeURIComponent(id)}`);
  $('#title').textContent = `${c.recordNumber ? c.recordNumber + ' ' : ''}${c.process}${c.summary ? '：' + c.summary : ''}`;
  $('#status').textContent = c.status;
  $('#started').textContent = `申請者 ${c.applicantName}、申請日時 ${c.startedAt}${c.endedAt ? '、終了 ' + c.endedAt : ''}`;
  for (const task of c.myTasks) {
    const link = document.createElement('a');
    link.className = 'button';
    link.href = `/camunda/app/tasklist/default/#/?task=${encodeURIComponent(task.id)}`;
    link.textContent = `「${task.name}」を開く`;
    $('#tasks').appendChild(link);
  }
  const timeline = $('#timeline tbody');
  for (const e of c.timeline) {
    const tr = timeline.insertRow();
    for (const key of ['at', 'step', 'who', 'outcome', 'reason', 'article', 'comment']) cell(tr, e[key]);
  }
  const fields = $('#fields tbody');
  for (const [name, value] of Object.entries(c.fields)) {
    const tr = fields.insertRow();
    cell(tr, name);
    cell(tr, value);
  }
  for (const action of c.actions || []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'action';
    button.dataset.action = action.id;
    button.textContent = action.label;
    button.addEventListener('click', () => openAction(action, session));
    $('#actions').appendChild(button);
  }
  if (c.withdrawable) {
    $('#withdraw').hidden = false;
    $('#withdraw').addEventListener('submit', async (event) => {
      event.preventDefault();
      $('#message').hidden = true;
      try {
        await postJson(`/api/cases/${encodeURIComponent(id)}/withdraw`, { reason: $('#withdrawReason').value }, session);
        window.location.reload();
      } catch (e) {
        showError(e);
      }
    });
  }
  for (const d of c.recallableDecisions || []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'action';
    button.dataset.task = d.taskId;
    button.textContent = `「${d.step}」の判断を引き戻す`;
    button.addEventListener('click', () => openRecall(`「${d.step}」の判断（${DECISION_NAMES[d.decision] || d.decision}）を引き戻します。`
      + '手順はあなたに戻り、次の手順の担当者と申請者に通知されます。', `/api/my/decisions/${encodeURIComponent(d.taskId)}/recall`));
    $('#recallDecisions').appendChild(button);
  }
  if (c.recallable) {
    $('#recall').hidden = false;
    $('#recallButton').addEventListener('click', () => openRecall('まだ判断されていないこの申請を修正の手順に戻します。'
      + '担当者には通知されます。', `/api/cases/${encodeURIComponent(id)}/recall`));
  }
  $('#case').hidden = false;
}

// A follow-up action's small form: its fields, posted with the action's fixed values; a refusal stays in the
// dialog, next to the form, in the server's own Japanese words.
function openAction(action, session) {
  const dialog = $('#actionDialog');
  $('#actionTitle').textContent = action.label;
  $('#actionDescription').textContent = action.description;
  $('#actionMessage').hidden = true;
  const fields = $('#actionFields');
  fields.replaceChildren();
  for (const field of action.fields) {
    const label = document.createElement('label');
    label.htmlFor = `action-${field.key}`;
    label.textContent = field.label + (field.required ? '（必須）' : '');
    const input = document.createElement(field.kind === 'textarea' ? 'textarea' : 'input');
    if (field.kind === 'textarea') input.rows = 4;
    else input.type = field.kind === 'checkbox' ? 'checkbox' : 'text';
    input.id = `action-${field.key}`;
    input.name = field.key;
    input.maxLength = 4000;
    fields.append(label, input);
  }
  $('#actionSubmit').textContent = action.label;
  $('#actionForm').onsubmit = async (event) => {
    event.preventDefault();
    const body = { ...action.body };
    for (const field of action.fields) {
      const input = $(`#action-${field.key}`);
      body[field.key] = field.kind === 'checkbox' ? input.checked : input.value;
    }
    $('#actionSubmit').disabled = true;
    try {
      await postJson(action.url, body, session);
      window.location.reload();
    } catch (e) {
      $('#actionMessage').textContent = e.message;
      $('#actionMessage').hidden = false;
    } finally {
      $('#actionSubmit').disabled = false;
    }
  };
  $('#actionCancel').onclick = () => dialog.close();
  dialog.showModal();
}

window.addEventListener('DOMContentLoaded', async () => {
  try {
    const session = await getJson('/api/session');
    $('#user').textContent = `${session.name}（${session.userId}）`;
    await (document.body.dataset.page === 'case' ? detail(session) : list());
  } catch (e) {
    showError(e);
  }
  document.body.dataset.loaded = document.body.dataset.page;
});
