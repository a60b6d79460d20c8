// The administrators' BPMN/DMN editor: opens a deployed definition, lets bpmn-js / dmn-js edit it with
// the Camunda properties, validates and deploys a new version through the platform's admin API.
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
    + `<td>${escapeHtml(h.resources)}</td><td>${escapeHtml(h.source)}</td></tr>`).join('');
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
  $('#deploy').disabled = false;
  $('#download').disabled = false;
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

async function deploy() {
  const result = await api('/api/admin/deployments', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resourceName: current.resourceName, xml: await currentXml() })
  });
  show(`デプロイしました（デプロイID ${result.deploymentId}、${result.deployedBy}、${result.deployedAt}）。`
    + (result.definitions || []).map((d) => ` ${d.key} v${d.version}`).join(','), 'ok');
  await loadHistory();
  await loadDefinitions();
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
  $('#deploy').addEventListener('click', guarded(deploy));
  $('#download').addEventListener('click', guarded(download));
  await loadDefinitions();
  await loadHistory();
  document.body.dataset.ready = 'true';
}));
