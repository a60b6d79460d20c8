// マイ申請 and the case page. The API answers only the viewer's own requests and the cases they may see;
// everything is written with textContent, never as HTML.

function cell(row, value) {
  const td = row.insertCell();
  td.textContent = value == null ? '' : String(value);
  return td;
}

function showError(e) {
  $('#message').textContent = e.message;
  $('#message').hidden = false;
}

async function list() {
  const requests = await getJson('/api/my/requests');
  const tbody = $('#requests tbody');
  for (const request of requests) {
    const tr = tbody.insertRow();
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
  $('#count').textContent = requests.length === 0 ? 'まだ申請はありません。' : `${requests.length} 件`;
  const decisions = await getJson('/api/my/decisions');
  const decided = $('#decisions tbody');
  for (const d of decisions) {
    const tr = decided.insertRow();
    tr.dataset.id = d.id;
    tr.insertCell().appendChild(caseLink(d));
    for (const value of [d.process, d.applicantName, d.summary, d.step, d.decision, d.decidedAt, d.comment, d.status]) cell(tr, value);
  }
  $('#decidedCount').textContent = decisions.length === 0 ? '判断した手順はまだありません。' : `${decisions.length} 件`;
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
    cell(tr, value === true ? 'はい' : value === false ? 'いいえ' : value);
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
  $('#case').hidden = false;
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
