// 不在と代理者: register one's own absence (an administrator: anyone's) with a deputy the org chart allows,
// list the absences in force and ahead, end one early. Everything is written with textContent, never as HTML.

function showError(e) {
  $('#done').hidden = true;
  $('#message').textContent = e.message;
  $('#message').hidden = false;
}

function showDone(text) {
  $('#message').hidden = true;
  $('#done').textContent = text;
  $('#done').hidden = false;
}

async function loadCandidates(person) {
  const query = person ? `?person=${encodeURIComponent(person)}` : '';
  const answer = await getJson(`/api/absences/candidates${query}`);
  const select = $('#deputy');
  select.replaceChildren();
  for (const deputy of answer.deputies) {
    const option = document.createElement('option');
    option.value = deputy.id;
    option.textContent = `${deputy.name}（${deputy.position}）`;
    select.appendChild(option);
  }
  return answer;
}

async function showAbsences(session) {
  const rows = await getJson('/api/absences');
  const tbody = $('#absences tbody');
  tbody.replaceChildren();
  for (const absence of rows) {
    const tr = tbody.insertRow();
    tr.dataset.id = absence.id;
    tr.insertCell().textContent = absence.personName;
    tr.insertCell().textContent = absence.deputyName;
    tr.insertCell().textContent = absence.period;
    tr.insertCell().textContent = absence.reason;
    tr.insertCell().textContent = absence.onBehalf ? `${absence.registeredBy}（代理登録）` : absence.registeredBy;
    tr.insertCell().textContent = absence.active ? '不在中' : '予定';
    const action = tr.insertCell();
    if (absence.person === session.userId || session.admin) {
      const end = document.createElement('button');
      end.type = 'button';
      end.textContent = absence.active ? '終了する' : '取り消す';
      end.onclick = async () => {
        try {
          await postJson(`/api/absences/${absence.id}/end`, {}, session);
          showDone(`${absence.personName} の不在を終了しました。代理者の手順は本人へ戻ります。`);
          await showAbsences(session);
        } catch (e) {
          showError(e);
        }
      };
      action.appendChild(end);
    }
  }
  $('#count').textContent = rows.length === 0 ? '登録されている不在はありません。' : `${rows.length} 件`;
}

window.addEventListener('DOMContentLoaded', async () => {
  try {
    const session = await getJson('/api/session');
    $('#user').textContent = `${session.name}（${session.userId}）`;
    $('#forWhom').hidden = !session.admin;
    $('#loadCandidates').onclick = () => loadCandidates($('#person').value.trim()).catch(showError);
    await loadCandidates('');
    $('#register').onsubmit = async (event) => {
      event.preventDefault();
      $('#submit').disabled = true;
      try {
        const body = { deputy: $('#deputy').value, from: $('#from').value, to: $('#to').value, reason: $('#reason').value };
        if ($('#person').value.trim()) body.person = $('#person').value.trim();
        const absence = await postJson('/api/absences', body, session);
        showDone(`不在を登録しました: ${absence.personName}、代理者 ${absence.deputyName}、${absence.period}`);
        await showAbsences(session);
      } catch (e) {
        showError(e);
      } finally {
        $('#submit').disabled = false;
      }
    };
    await showAbsences(session);
  } catch (e) {
    showError(e);
  }
  document.body.dataset.loaded = 'absences';
});
