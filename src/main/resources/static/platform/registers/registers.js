// The registers for the security office and authorizers. The server lists the registers this user may see
// with their columns (/api/registers); each register's API answers only the rows the viewer may see, this
// page filters those rows further and links the CSV export with the same filters.
let registers = [];
let register = null;
let rows = [];

function todayInJapan() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

// A medium still out after its planned return date reads 返却期限超過, as in the CSV.
function shownStatus(row) {
  if (row.status === '持出し中' && row.returnOn && String(row.returnOn).slice(0, 10) < todayInJapan()) {
    return '返却期限超過';
  }
  return row.status;
}

function pageColumns() {
  return register.columns.filter((column) => column.onPage);
}

// What a cell shows: the state with its overdue, an option's label, dates and flags as written().
function shown(column, row) {
  const value = column.key === 'status' ? shownStatus(row) : row[column.key];
  const options = column.options || {};
  if (value != null && Object.prototype.hasOwnProperty.call(options, String(value))) return options[String(value)];
  return written(value);
}

function visibleRows() {
  const status = $('#status').value;
  const keyword = $('#keyword').value.trim().toLowerCase();
  return rows.filter((row) => (!status || shownStatus(row) === status)
    && (!keyword || pageColumns().some((column) => shown(column, row).toLowerCase().includes(keyword))));
}

function render() {
  const shownRows = visibleRows();
  const thead = $('#register thead');
  const tbody = $('#register tbody');
  thead.innerHTML = '';
  tbody.innerHTML = '';
  const head = thead.insertRow();
  for (const column of pageColumns()) {
    const th = document.createElement('th');
    th.textContent = column.label;
    th.dataset.key = column.key;
    head.appendChild(th);
  }
  for (const row of shownRows) {
    const tr = tbody.insertRow();
    tr.dataset.status = shownStatus(row) || '';
    for (const column of pageColumns()) {
      tr.insertCell().textContent = shown(column, row);
    }
  }
  $('#count').textContent = `${shownRows.length} 件（閲覧できる ${rows.length} 件中）`;
  const params = new URLSearchParams();
  if (register.filters.includes('status') && $('#status').value) params.set('status', $('#status').value);
  if (register.filters.includes('q') && $('#keyword').value.trim()) params.set('q', $('#keyword').value.trim());
  $('#csv').href = register.csv + (params.toString() ? '?' + params : '');
  $('#scope').textContent = register.filters.length === 0
    ? 'CSV には閲覧できるすべての行が出力されます（状態・キーワードは画面上の絞り込みです）。'
    : `CSV には${register.filters.includes('q') ? '状態とキーワード' : '状態'}の絞り込みが反映されます。`;
}

async function select(next) {
  register = next;
  for (const button of document.querySelectorAll('#tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.register === next.key));
  }
  $('#message').hidden = true;
  document.body.dataset.loaded = '';
  try {
    rows = await getJson(register.json);
  } catch (e) {
    rows = [];
    $('#message').textContent = e.message;
    $('#message').hidden = false;
  }
  const statuses = [...new Set(rows.map(shownStatus).filter(Boolean))].sort();
  $('#status').innerHTML = '<option value="">（すべて）</option>'
    + statuses.map((s) => `<option>${s.replace(/[&<>"]/g, '')}</option>`).join('');
  render();
  document.body.dataset.loaded = register.key;
}

window.addEventListener('DOMContentLoaded', async () => {
  $('#status').addEventListener('change', render);
  $('#keyword').addEventListener('input', render);
  try {
    const session = await getJson('/api/session');
    $('#user').textContent = `${session.name}（${session.userId}）`;
    registers = await getJson('/api/registers');
  } catch (e) {
    $('#message').textContent = e.message;
    $('#message').hidden = false;
    return;
  }
  for (const r of registers) {
    const button = document.createElement('button');
    button.type = 'button';
    button.role = 'tab';
    button.dataset.register = r.key;
    button.textContent = r.title;
    button.addEventListener('click', () => select(r));
    $('#tabs').appendChild(button);
  }
  if (registers.length === 0) {
    $('#message').textContent = '閲覧できる登録簿はありません';
    $('#message').hidden = false;
    return;
  }
  const wanted = registers.find((r) => r.key === new URLSearchParams(location.search).get('register'));
  await select(wanted || registers[0]);
});
