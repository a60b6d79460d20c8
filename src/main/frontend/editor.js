// The administrators' BPMN/DMN editor: opens a deployed definition, lets bpmn-js / dmn-js edit it with
// the Camunda properties, validates it, shows the diff against the deployed version and submits it as a
// 変更申請: the chief-iso approves it (process rule-change) before the platform deploys it.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import DmnModeler from 'dmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaBpmnModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import camundaDmnModdle from 'camunda-dmn-moddle/resources/camunda.json';
import BpmnLintModule from 'bpmn-js-bpmnlint';
import bpmnlintConfig from 'bpmnlint-config';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';

const $ = (selector) => document.querySelector(selector);
let session = null;
let current = null; // { kind: 'bpmn' | 'dmn', resourceName, modeler }
let lintProblems = []; // the current BPMN's bpmnlint reports; a 変更申請 waits until there are none

// What each rule of bpmnlint:recommended asks for, in the administrators' words (the rule's own message follows).
const LINT_RULES = {
  'ad-hoc-sub-process': 'アドホック・サブプロセスの中身が不正です',
  'conditional-flows': '分岐の出口に条件がないフローがあります（条件か既定フローを設定してください）',
  'end-event-required': '終了イベントがありません',
  'event-based-gateway': 'イベントベース・ゲートウェイの後続が不正です',
  'event-sub-process-typed-start-event': 'イベント・サブプロセスの開始イベントに種類がありません',
  'fake-join': '合流ゲートウェイなしで複数のフローが入っています（排他ゲートウェイで明示的に合流させてください）',
  'global': 'グローバル要素（メッセージ・シグナル等）の名前や参照が不正です',
  'label-required': '名前（ラベル）がありません',
  'link-event': 'リンクイベントの対応が取れていません',
  'no-bpmndi': '図（BPMN DI）に描かれていない要素があります',
  'no-complex-gateway': '複合ゲートウェイは使えません',
  'no-disconnected': 'どのフローにもつながっていない要素があります',
  'no-duplicate-sequence-flows': '同じ要素の間に重複したフローがあります',
  'no-gateway-join-fork': '一つのゲートウェイで合流と分岐を同時に行っています（二つに分けてください）',
  'no-implicit-split': 'ゲートウェイなしで分岐しています（ゲートウェイを置いてください）',
  'no-implicit-end': '終了イベントなしで終わる経路があります',
  'no-implicit-start': '開始イベントなしで始まる経路があります',
  'no-inclusive-gateway': '包含ゲートウェイは使えません',
  'no-overlapping-elements': '要素が重なっているか、親の枠からはみ出しています',
  'single-blank-start-event': '種類のない開始イベントが複数あります',
  'single-event-definition': '一つのイベントに複数の定義があります',
  'start-event-required': '開始イベントがありません',
  'sub-process-blank-start-event': 'サブプロセスの開始イベントに種類があります（種類なしにしてください）',
  'superfluous-gateway': '入口も出口も一つだけの不要なゲートウェイがあります',
  'superfluous-label': '分岐の出口でないフローに名前があります（名前を消してください）',
  'superfluous-termination': '不要な終了（停止）イベントがあります'
};

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  if (options.method && options.method !== 'GET') {
    headers['X-XSRF-TOKEN'] = session.csrfToken;
  }
  const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  const text = await response.text();
  const body = text && response.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const message = (body && body.message) || text || response.statusText;
    throw new Error(message);
  }
  return body;
}

function show(message, kind) {
  const box = $('#message');
  box.textContent = message;
  box.className = 'message ' + kind;
  box.hidden = false;
}

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function loadDefinitions() {
  const definitions = await api('/api/admin/definitions');
  const list = $('#definitions');
  list.innerHTML = '';
  for (const d of definitions) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'definition';
    button.dataset.resource = d.fileName;
    button.innerHTML = `<span class="kind">${d.type === 'decision' ? 'DMN' : 'BPMN'}</span> `
      + `<strong>${escapeHtml(d.name || d.key)}</strong><br><small>${escapeHtml(d.key)} v${d.version}`
      + ` · ${escapeHtml(d.fileName)}</small>`;
    button.addEventListener('click', () => open(d));
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function loadHistory() {
  const history = await api('/api/admin/deployments');
  $('#history').innerHTML = history.map((h) => `<tr><td>${escapeHtml(h.deployedAt)}</td><td>${escapeHtml(h.deployedBy)}</td>`
    + `<td>${escapeHtml(h.resources)}</td><td>${escapeHtml(h.source)}</td>`
    + `<td>${h.ruleChangeId ? 'RC-' + escapeHtml(h.ruleChangeId) + '（承認: ' + escapeHtml(h.approvedBy) + '）' : ''}</td></tr>`).join('');
}

async function loadProposals() {
  const proposals = await api('/api/admin/rule-changes');
  $('#proposals').innerHTML = proposals.map((p) => `<tr data-status="${escapeHtml(p.status)}">`
    + `<td>RC-${escapeHtml(p.id)}</td><td>${escapeHtml(p.resourceName)}</td>`
    + `<td class="status">${escapeHtml(p.statusText)}</td><td>${escapeHtml(p.proposedBy)}<br><small>${escapeHtml(p.proposedAt)}</small></td>`
    + `<td>${escapeHtml(p.decidedBy)}${p.decisionComment ? '<br><small>' + escapeHtml(p.decisionComment) + '</small>' : ''}`
    + `${p.refusal ? '<br><small>' + escapeHtml(p.refusal) + '</small>' : ''}</td>`
    + `<td>${escapeHtml(p.note)}</td></tr>`).join('');
}

async function open(definition) {
  $('#message').hidden = true;
  const xml = await api(`/api/admin/definitions/${definition.type}/${encodeURIComponent(definition.id)}/xml`,
    { headers: { Accept: 'application/xml' } });
  if (current) {
    current.modeler.destroy();
  }
  $('#canvas').innerHTML = '';
  $('#properties').innerHTML = '';
  const kind = definition.type === 'decision' ? 'dmn' : 'bpmn';
  // Decision tables need the width; the properties panel serves BPMN only.
  $('.layout').classList.toggle('dmn', kind === 'dmn');
  const modeler = kind === 'bpmn'
    ? new BpmnModeler({
      container: '#canvas',
      propertiesPanel: { parent: '#properties' },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule,
        CamundaPlatformPropertiesProviderModule, CamundaBehaviorsModule, BpmnLintModule],
      // The same rules as the build's gate (.bpmnlintrc); the overlays mark the elements on the canvas.
      linting: { bpmnlint: bpmnlintConfig, active: true },
      moddleExtensions: { camunda: camundaBpmnModdle }
    })
    : new DmnModeler({
      container: '#canvas',
      common: { keyboard: { bindTo: window } },
      moddleExtensions: { camunda: camundaDmnModdle }
    });
  current = { kind, resourceName: definition.fileName, modeler };
  lintProblems = [];
  $('#lint').hidden = true;
  delete document.body.dataset.lint;
  if (kind === 'bpmn') {
    // bpmn-js-bpmnlint lints after the import and after every change.
    modeler.on('linting.completed', ({ issues }) => showLint(modeler, issues));
  }
  await modeler.importXML(xml);
  if (kind === 'bpmn') {
    modeler.get('canvas').zoom('fit-viewport');
  }
  if (kind === 'dmn') {
    // Routing rules live in decision tables: open the first table rather than the requirements diagram.
    const table = modeler.getViews().find((view) => view.type === 'decisionTable');
    if (table) {
      await modeler.open(table);
    }
  }
  $('#editing').textContent = `${definition.name || definition.key}（${definition.fileName}）`;
  document.body.dataset.loaded = definition.fileName;
  $('#validate').disabled = false;
  $('#download').disabled = false;
  $('#proposal').hidden = true;
  updateSubmit();
}

// A 変更申請 (and so a deployment) is possible only for a BPMN with no bpmnlint error and no warning.
function lintRefuses() {
  return current && current.kind === 'bpmn' && (document.body.dataset.lint !== 'clean' || lintProblems.length > 0);
}

function updateSubmit() {
  $('#preview').disabled = !current || lintRefuses();
  $('#propose').disabled = !current || lintRefuses();
}

function showLint(modeler, issues) {
  const registry = modeler.get('elementRegistry');
  lintProblems = Object.values(issues).flat();
  const list = $('#lint-problems');
  list.textContent = '';
  const errors = lintProblems.filter((p) => p.category === 'error').length;
  for (const problem of lintProblems) {
    const id = problem.actualElementId || problem.id;
    const element = registry.get(id);
    const name = element && element.businessObject && element.businessObject.name;
    const item = document.createElement('li');
    item.className = problem.category === 'error' ? 'error' : 'warn';
    item.dataset.rule = problem.rule;
    item.dataset.element = id;
    const what = document.createElement('strong');
    what.textContent = name ? `「${name}」（${id}）` : id;
    const kind = document.createElement('span');
    kind.className = 'category';
    kind.textContent = problem.category === 'error' ? 'エラー' : '警告';
    const rule = document.createElement('code');
    rule.textContent = problem.rule;
    const text = document.createElement('span');
    text.textContent = `${LINT_RULES[problem.rule] || ''}（${problem.message}）`;
    item.append(kind, ' ', what, ' ', rule, ': ', text);
    list.appendChild(item);
  }
  $('#lint-summary').textContent = lintProblems.length
    ? `エラー ${errors} 件・警告 ${lintProblems.length - errors} 件。すべて解消するまで変更申請できません。`
    : '問題はありません。';
  $('#lint').classList.toggle('clean', lintProblems.length === 0);
  $('#lint').hidden = false;
  document.body.dataset.lint = lintProblems.length ? 'problems' : 'clean';
  if (lintProblems.length) {
    $('#proposal').hidden = true;
  }
  updateSubmit();
}

async function currentXml() {
  const { xml } = await current.modeler.saveXML({ format: true });
  return xml;
}

async function validate() {
  const result = await api('/api/admin/deployments/validation', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resourceName: current.resourceName, xml: await currentXml() })
  });
  if (result.valid) {
    show('検証に成功しました。デプロイできます。', 'ok');
  } else {
    show('検証エラー: ' + result.errors.join(' / '), 'error');
  }
}

// The diff line by line as text nodes (never markup from the XML), marked added / removed for the page's CSS.
function showDiff(diff) {
  const box = $('#diff');
  box.textContent = '';
  for (const line of diff.split('\n')) {
    const span = document.createElement('span');
    span.className = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    span.textContent = line + '\n';
    box.appendChild(span);
  }
}

// Step 1 of a 変更申請: validation and the diff against the deployed version, before anything is submitted.
async function preview() {
  if (lintRefuses()) {
    show('BPMN の静的検査で問題が見つかりました。一覧の問題を解消してから変更申請してください。', 'error');
    return;
  }
  const result = await api('/api/admin/rule-changes/preview', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resourceName: current.resourceName, xml: await currentXml() })
  });
  if (!result.valid) {
    $('#proposal').hidden = true;
    show('検証エラー: ' + result.errors.join(' / '), 'error');
    return;
  }
  if (!result.diff) {
    $('#proposal').hidden = true;
    show('デプロイ済みの版から変更がありません。', 'error');
    return;
  }
  $('#summary').innerHTML = result.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  showDiff(result.diff);
  $('#routing-note').hidden = !result.routingChange;
  $('#proposal').hidden = false;
  document.body.dataset.previewed = current.resourceName;
  show('差分を確認し、変更内容の説明を書いて「変更申請する」を押してください。承認されるまでデプロイされません。', 'ok');
}

// Step 2: the proposal with its note; the chief-iso approves it in Tasklist, then the platform deploys it.
async function propose() {
  if (lintRefuses()) {
    show('BPMN の静的検査で問題が見つかりました。一覧の問題を解消してから変更申請してください。', 'error');
    return;
  }
  const note = $('#note').value.trim();
  if (!note) {
    show('「変更内容の説明」を入力してください。', 'error');
    return;
  }
  const result = await api('/api/admin/rule-changes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resourceName: current.resourceName, xml: await currentXml(), note })
  });
  $('#proposal').hidden = true;
  $('#note').value = '';
  show(`変更申請 RC-${result.id} を提出しました（${result.statusText}）。承認者: ${result.approverName || ''}`
    + `（${result.approver || ''}）。承認されるとデプロイされます。`, 'ok');
  await loadProposals();
}

async function download() {
  const blob = new Blob([await currentXml()], { type: 'application/xml' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = current.resourceName;
  link.click();
  URL.revokeObjectURL(link.href);
}

function guarded(action) {
  return async () => {
    try {
      await action();
    } catch (e) {
      show(e.message, 'error');
    }
  };
}

window.addEventListener('DOMContentLoaded', guarded(async () => {
  session = await api('/api/session');
  $('#user').textContent = `${session.name}（${session.userId}）`;
  $('#validate').addEventListener('click', guarded(validate));
  $('#preview').addEventListener('click', guarded(preview));
  $('#propose').addEventListener('click', guarded(propose));
  $('#reload').addEventListener('click', guarded(async () => {
    await loadProposals();
    await loadHistory();
    await loadDefinitions();
  }));
  $('#download').addEventListener('click', guarded(download));
  await loadDefinitions();
  await loadProposals();
  await loadHistory();
  document.body.dataset.ready = 'true';
}));
