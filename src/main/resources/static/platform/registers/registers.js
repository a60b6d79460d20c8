// The registers for the security office and authorizers. Each API answers only what the viewer may see;
// this page filters those rows further and links the CSV export with the same filters.
const REGISTERS = [
  {
    id: 'exceptions', title: '例外措置台帳', json: '/api/exceptions/ledger', csv: '/api/exceptions/ledger.csv', serverFilters: ['status'],
    columns: [['ledgerNumber', '台帳番号'], ['applicantName', '申請者'], ['departmentName', '部署'], ['ruleReference', '対象規定'],
      ['periodFrom', '適用期間（開始）'], ['periodTo', '適用期間（終了）'], ['confidentiality', '機密性'], ['postFacto', '事後届出'],
      ['status', '状態'], ['conditions', '条件'], ['authorizerName', '許可権限者'], ['escalationReason', '回付の理由'], ['decidedAt', '判断日時']]
  },
  {
    id: 'cloud', title: 'クラウドサービス', json: '/api/cloud-services', csv: '/api/cloud-services.csv', serverFilters: ['status', 'q'],
    columns: [['registryNumber', '登録番号'], ['serviceName', 'サービス名'], ['provider', '提供者'], ['status', '状態'],
      ['departmentName', '部署'], ['confidentiality', '機密性'], ['dataLocations', 'データの保存場所'], ['ismapNumber', 'ISMAP登録番号'],
      ['periodFrom', '利用期間（開始）'], ['periodTo', '利用期間（終了）'], ['cloudManagerName', 'クラウドサービス管理者'],
      ['cloudManagerSince', '管理者の就任'], ['authorizerName', '許可権限者'], ['approvedAt', '承認日時'],
      ['systemLedgerId', '情報システム台帳'], ['systemLedgerRevision', '台帳の版'], ['systemLedgerUpdatedAt', '台帳の更新（第68条第2項）']]
  },
  {
    id: 'contracts', title: '委託先', json: '/api/contracts', csv: '/api/contracts.csv', serverFilters: ['status', 'q'],
    columns: [['contractNumber', '契約番号'], ['workDescription', '委託業務'], ['departmentName', '部署'], ['contractor', '委託先'],
      ['status', '状態'], ['confidentiality', '機密性'], ['periodFrom', '委託期間（開始）'], ['periodTo', '委託期間（終了）'],
      ['subcontractors', '再委託先'], ['lastCheckAt', '最終確認'], ['lastFinding', '直近の指摘事項']]
  },
  {
    id: 'byod', title: 'BYOD許可', json: '/api/byod/permits', csv: '/api/byod/permits.csv', serverFilters: [],
    columns: [['permitNumber', '許可番号'], ['applicantName', '申請者'], ['departmentName', '部署'], ['deviceKind', '端末'],
      ['osVersion', 'OS'], ['confidentiality', '機密性'], ['internalNetwork', '内部ネットワーク接続'], ['periodFrom', '許可期間（開始）'],
      ['periodTo', '許可期間（終了）'], ['status', '状態'], ['erasedAt', '消去確認日時']]
  },
  {
    id: 'media', title: '外部電磁的記録媒体の持出し', json: '/api/media/carry-outs', csv: '/api/media/carry-outs.csv', serverFilters: [],
    values: {
      mediaKind: { usb: 'USBメモリ', hdd: '外付けHDD/SSD', optical: '光ディスク', sd: 'SDカード' },
      permission: { 'section-iso': '課等情報セキュリティ責任者の許可', 'record-only': '記録のみ（指定区域）', none: '許可不要' }
    },
    columns: [['logNumber', '記録番号'], ['applicantName', '申請者'], ['departmentName', '部署'], ['mediaKind', '媒体'], ['assetNumber', '資産番号'],
      ['confidentiality', '機密性'], ['destination', '持出し先'], ['carryOutOn', '持出し日'], ['returnOn', '返却予定日'],
      ['permission', '許可'], ['encrypted', '暗号化'], ['status', '状態'], ['returnedAt', '返却日時'], ['lost', '紛失']]
  }
];

let register = REGISTERS[0];
let rows = [];

function todayInJapan() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

// A medium still out after its planned return date reads 返却期限超過, as in the CSV.
function shownStatus(row) {
  if (register.id === 'media' && row.status === '持出し中' && row.returnOn && String(row.returnOn).slice(0, 10) < todayInJapan()) {
    return '返却期限超過';
  }
  return row.status;
}


function visibleRows() {
  const status = $('#status').value;
  const keyword = $('#keyword').value.trim().toLowerCase();
  return rows.filter((row) => (!status || shownStatus(row) === status)
    && (!keyword || register.columns.some(([key]) => written(row[key]).toLowerCase().includes(keyword))));
}

function render() {
  const shown = visibleRows();
  const thead = $('#register thead');
  const tbody = $('#register tbody');
  thead.innerHTML = '';
  tbody.innerHTML = '';
  const head = thead.insertRow();
  for (const [, label] of register.columns) {
    const th = document.createElement('th');
    th.textContent = label;
    head.appendChild(th);
  }
  for (const row of shown) {
    const tr = tbody.insertRow();
    tr.dataset.status = shownStatus(row) || '';
    for (const [key] of register.columns) {
      const names = (register.values || {})[key];
      const value = key === 'status' ? shownStatus(row) : row[key];
      tr.insertCell().textContent = names && names[value] ? names[value] : written(value);
    }
  }
  $('#count').textContent = `${shown.length} 件（閲覧できる ${rows.length} 件中）`;
  const params = new URLSearchParams();
  if (register.serverFilters.includes('status') && $('#status').value) params.set('status', $('#status').value);
  if (register.serverFilters.includes('q') && $('#keyword').value.trim()) params.set('q', $('#keyword').value.trim());
  $('#csv').href = register.csv + (params.toString() ? '?' + params : '');
  $('#scope').textContent = register.serverFilters.length === 0
    ? 'CSV には閲覧できるすべての行が出力されます（状態・キーワードは画面上の絞り込みです）。'
    : `CSV には${register.serverFilters.includes('q') ? '状態とキーワード' : '状態'}の絞り込みが反映されます。`;
}

async function select(next) {
  register = next;
  for (const button of document.querySelectorAll('#tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.register === next.id));
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
  document.body.dataset.loaded = register.id;
}

window.addEventListener('DOMContentLoaded', async () => {
  for (const r of REGISTERS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.role = 'tab';
    button.dataset.register = r.id;
    button.textContent = r.title;
    button.addEventListener('click', () => select(r));
    $('#tabs').appendChild(button);
  }
  $('#status').addEventListener('change', render);
  $('#keyword').addEventListener('input', render);
  try {
    const session = await getJson('/api/session');
    $('#user').textContent = `${session.name}（${session.userId}）`;
  } catch (e) {
    return;
  }
  const wanted = REGISTERS.find((r) => r.id === new URLSearchParams(location.search).get('register'));
  await select(wanted || REGISTERS[0]);
});
