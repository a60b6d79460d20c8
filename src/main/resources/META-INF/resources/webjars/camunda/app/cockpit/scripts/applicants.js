/*
 * Cockpit shows a process instance by its id; the agency knows a case by its record number (the business
 * key) and its applicant (issue 15). Two tabs say both: 申請一覧 on a process definition, 申請の概要 on an
 * instance. Read-only; the engine's own authorizations decide what each operator may see.
 */

const TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false
});

function engineApi(api) {
  if (api && api.engineApi) {
    return api.engineApi;
  }
  const base = document.querySelector('base');
  return base.getAttribute('engine-api') + 'engine/default';
}

async function get(api, path) {
  const response = await fetch(engineApi(api) + path, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  if (!response.ok) {
    throw new Error('取得できませんでした（' + response.status + '）');
  }
  return response.json();
}

/** applicantName and applicant of the given instances, by instance id. */
async function applicants(api, ids) {
  const found = new Map();
  if (ids.length === 0) {
    return found;
  }
  for (const name of ['applicant', 'applicantName']) {
    const variables = await get(api, '/variable-instance?maxResults=1000&deserializeValues=false&variableName=' + name
      + '&processInstanceIdIn=' + ids.map(encodeURIComponent).join(','));
    for (const variable of variables) {
      const entry = found.get(variable.processInstanceId) || {};
      entry[name] = variable.value;
      found.set(variable.processInstanceId, entry);
    }
  }
  return found;
}

function who(entry) {
  if (!entry) {
    return '';
  }
  if (entry.applicantName && entry.applicant) {
    return entry.applicantName + '（' + entry.applicant + '）';
  }
  return entry.applicantName || entry.applicant || '';
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function table(node, headers) {
  node.textContent = '';
  const element = document.createElement('table');
  element.className = 'cam-table platform-applicants';
  const head = element.createTHead().insertRow();
  for (const header of headers) {
    const th = document.createElement('th');
    th.textContent = header;
    head.appendChild(th);
  }
  node.appendChild(element);
  return element.createTBody();
}

function failed(node, error) {
  node.textContent = error.message;
}

export default [
  {
    id: 'platform-definition-applicants',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    priority: 20,
    properties: {label: '申請一覧'},
    render: (node, {api, processDefinitionId}) => {
      node.textContent = '読み込み中…';
      (async () => {
        const instances = await get(api, '/process-instance?maxResults=200&processDefinitionId='
          + encodeURIComponent(processDefinitionId));
        const people = await applicants(api, instances.map(instance => instance.id));
        const body = table(node, ['記録番号', '申請者', '状態']);
        for (const instance of instances) {
          const row = body.insertRow();
          const link = document.createElement('a');
          link.href = '#/process-instance/' + encodeURIComponent(instance.id) + '/runtime';
          link.textContent = instance.businessKey || instance.id;
          cell(row, '').appendChild(link);
          cell(row, who(people.get(instance.id)));
          cell(row, instance.suspended ? '一時停止中' : '実行中');
        }
        if (instances.length === 0) {
          node.appendChild(document.createTextNode('実行中の申請はありません。'));
        }
      })().catch(error => failed(node, error));
    }
  },
  {
    id: 'platform-instance-applicant',
    pluginPoint: 'cockpit.processInstance.runtime.tab',
    priority: 20,
    properties: {label: '申請の概要'},
    render: (node, {api, processInstanceId}) => {
      node.textContent = '読み込み中…';
      (async () => {
        const instance = await get(api, '/history/process-instance/' + encodeURIComponent(processInstanceId));
        const people = await applicants(api, [processInstanceId]);
        const body = table(node, ['記録番号', '申請者', '開始日時']);
        const row = body.insertRow();
        cell(row, instance.businessKey || '');
        cell(row, who(people.get(processInstanceId)));
        cell(row, instance.startTime ? TIME.format(new Date(instance.startTime)) : '');
      })().catch(error => failed(node, error));
    }
  }
];
