/*
 * People fields in Tasklist (issue 15: 当事者 chosen from people on the chart, not typed ids). Loaded by
 * config.js (customScripts) as a module.
 *
 * - A form declares a people field with the form-js custom property "people": "true" (the server checks
 *   the same property: every id must be on the org chart in force). The embedded form-js cannot load
 *   options from the platform, so this script reads the deployed form as Tasklist fetches it (window.fetch
 *   of .../deployed-form or .../deployed-start-form) and remembers the ids of its people fields.
 * - Each such text field gets a search box (氏名・所属で検索) asking GET /api/people?q=... (the signed-in
 *   Tasklist session) and the chosen people as chips with names and a remove button. Choosing appends the
 *   id to the field and dispatches 'input', so form-js takes the value as if typed. The text field itself
 *   stays as it is: ids can still be typed, and the chips follow what it holds.
 * - Nothing inline (the webapps' Content-Security-Policy): classes only, styled in styles/user-styles.css.
 */

const PEOPLE_FIELDS = new Set();
const NAMES = new Map();
const SEPARATOR = /[,、\s]+/;

function collect(components) {
  (components || []).forEach(component => {
    if (component.properties && String(component.properties.people) === 'true' && component.id) {
      PEOPLE_FIELDS.add(component.id);
    }
    collect(component.components);
  });
}

const originalFetch = window.fetch;
window.fetch = function (resource, options) {
  const answer = originalFetch.call(this, resource, options);
  const url = typeof resource === 'string' ? resource : (resource && resource.url) || '';
  if (/\/deployed-(start-)?form(\?|$)/.test(url)) {
    answer.then(response => response.clone().json()).then(schema => {
      collect(schema && schema.components);
      enhanceAll();
    }).catch(() => {});
  }
  return answer;
};

function ids(value) {
  return value.split(SEPARATOR).map(id => id.trim()).filter(id => id.length > 0);
}

/* Sets the field's value the way a keystroke would, so form-js (Preact) keeps it. */
function setValue(input, value) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
}

async function search(q) {
  const response = await originalFetch('/api/people?q=' + encodeURIComponent(q),
    {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  if (!response.ok) {
    return [];
  }
  const people = await response.json();
  people.forEach(person => NAMES.set(person.id, person));
  return people;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function renderChips(input, chips) {
  chips.replaceChildren();
  for (const id of ids(input.value)) {
    const person = NAMES.get(id);
    const chip = element('span', 'platform-person-chip');
    chip.dataset.personId = id;
    chip.appendChild(element('span', 'platform-person-name', person ? person.name + '（' + person.unit + '）' : id));
    const remove = element('button', 'platform-person-remove', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', (person ? person.name : id) + ' を当事者から外す');
    remove.addEventListener('click', () => {
      setValue(input, ids(input.value).filter(other => other !== id).join(', '));
      renderChips(input, chips);
    });
    chip.appendChild(remove);
    chips.appendChild(chip);
  }
}

/* Names for ids typed by hand or submitted before, so their chips say who they are. */
async function nameTyped(input, chips) {
  const unknown = ids(input.value).filter(id => !NAMES.has(id));
  for (const id of unknown) {
    await search(id);
  }
  if (unknown.length) {
    renderChips(input, chips);
  }
}

function enhance(input) {
  if (input.dataset.platformPeople || input.disabled || input.readOnly) {
    return;
  }
  input.dataset.platformPeople = 'true';
  const picker = element('div', 'platform-people');
  const chips = element('div', 'platform-people-chips');
  const box = element('input', 'platform-people-search fjs-input');
  box.type = 'search';
  box.placeholder = '氏名・所属で検索';
  box.setAttribute('aria-label', '当事者にする職員を氏名・所属で検索');
  box.autocomplete = 'off';
  const results = element('ul', 'platform-people-results');
  results.setAttribute('role', 'listbox');
  picker.append(chips, box, results);
  // Below form-js's input group (a flex row), not inside it.
  (input.closest('.fjs-input-group') || input).insertAdjacentElement('afterend', picker);

  let asked = 0;
  box.addEventListener('input', () => {
    const q = box.value.trim();
    const turn = ++asked;
    if (!q) {
      results.replaceChildren();
      return;
    }
    setTimeout(async () => {
      if (turn !== asked) {
        return;
      }
      const people = await search(q);
      if (turn !== asked) {
        return;
      }
      results.replaceChildren();
      if (!people.length) {
        results.appendChild(element('li', 'platform-people-none', '該当する職員がいません'));
      }
      for (const person of people) {
        const item = element('li');
        const choose = element('button', 'platform-people-option', person.name + '（' + person.unit + '） ' + person.id);
        choose.type = 'button';
        choose.setAttribute('role', 'option');
        choose.dataset.personId = person.id;
        choose.addEventListener('click', () => {
          const chosen = ids(input.value);
          if (!chosen.includes(person.id)) {
            chosen.push(person.id);
          }
          setValue(input, chosen.join(', '));
          renderChips(input, chips);
          results.replaceChildren();
          box.value = '';
          box.focus();
        });
        item.appendChild(choose);
        results.appendChild(item);
      }
    }, 250);
  });
  box.addEventListener('keydown', event => {
    // Enter picks the first match instead of submitting the form; arrow down moves into the list.
    const first = results.querySelector('.platform-people-option');
    if (event.key === 'Enter') {
      event.preventDefault();
      if (first) {
        first.click();
      }
    } else if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      first.focus();
    }
  });
  input.addEventListener('input', () => renderChips(input, chips));
  input.addEventListener('change', () => nameTyped(input, chips));
  renderChips(input, chips);
  nameTyped(input, chips);
}

function enhanceAll() {
  if (!PEOPLE_FIELDS.size) {
    return;
  }
  for (const id of PEOPLE_FIELDS) {
    document.querySelectorAll('input.fjs-input[id$="-' + CSS.escape(id) + '"]').forEach(enhance);
  }
}

new MutationObserver(() => enhanceAll()).observe(document.documentElement, {childList: true, subtree: true});

export default [];
