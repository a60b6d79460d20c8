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

const $ = (selector) => document.querySelector(selector);
let session = null;
let current = null; // { kind: 'bpmn' | 'dmn', resourceName, modeler }

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
        CamundaPlatformPropertiesProviderModule, CamundaBehaviorsModule],
      moddleExtensions: { camunda: camundaBpmnModdle }
    })
    : new DmnModeler({
      container: '#canvas',
      common: { keyboard: { bindTo: window } },
      moddleExtensions: { camunda: camundaDmnModdle }
    });
  current = { kind, resourceName: definition.fileName, modeler };
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
  $('#preview').disabled = false;
  $('#download').disabled = false;
  $('#proposal').hidden = true;
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
