/*
 * Tasklist in Japanese, readable (issue 15). Loaded by config.js (customScripts) as a module.
 *
 * - form-js (the Camunda Forms renderer inside Tasklist) has English strings of its own and no
 *   translation hook in the version Camunda 7.24 ships: its texts are replaced as they appear.
 * - form-js derives the date format from the browser's Intl default ("2026/1/5" for Japanese);
 *   the agency writes dates as yyyy/mm/dd, so a format asked for without options gets two-digit
 *   month and day in Japanese order whatever the browser's language.
 * - A refusal from the server names fields by their labels in 「」: each part is also shown under
 *   the field it names and that field is scrolled into view.
 */

const TEXTS = new Map([
  ['Field is required.', '入力してください。'],
  ['Select', '選択してください'],
  ['Search', '検索'],
  ['No options', '選択肢がありません'],
  ['No results', '該当なし'],
  ['Clear', 'クリア'],
  ['Field must be a valid email.', 'メールアドレスの形式で入力してください。'],
  ['Date', '日付'],
  ['Time', '時刻']
]);

const PATTERNS = [
  [/^Field must have minimum length of (\d+)\.$/, '$1文字以上で入力してください。'],
  [/^Field must have maximum length of (\d+)\.$/, '$1文字以内で入力してください。'],
  [/^Field must have minimum value of (.+)\.$/, '$1以上で入力してください。'],
  [/^Field must have maximum value of (.+)\.$/, '$1以下で入力してください。'],
  [/^Field must match pattern (.+)\.$/, '形式が正しくありません。'],
  [/^Date must be (before|after) .*$/, '入力できない日付です。']
];

function japanese(text) {
  const trimmed = text.trim();
  if (TEXTS.has(trimmed)) {
    return TEXTS.get(trimmed);
  }
  for (const [pattern, replacement] of PATTERNS) {
    if (pattern.test(trimmed)) {
      return trimmed.replace(pattern, replacement);
    }
  }
  return null;
}

function translate(root) {
  if (!root.closest && root.nodeType !== Node.TEXT_NODE) {
    return;
  }
  const scope = root.nodeType === Node.TEXT_NODE ? root.parentElement : root;
  if (!scope || !scope.closest('.fjs-container, .fjs-form, .flatpickr-calendar, cam-tasklist-form, [cam-tasklist-form]')) {
    return;
  }
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = japanese(node.data);
      if (text !== null) {
        node.data = text;
      }
    }
  }
  scope.querySelectorAll('[placeholder]').forEach(input => {
    const text = japanese(input.getAttribute('placeholder'));
    if (text !== null) {
      input.setAttribute('placeholder', text);
    }
  });
}

/*
 * 申請を開始 lists processes by name only: each startable process gets a one-line description under
 * its name (by the process's Japanese name, which Tasklist shows).
 */
const DESCRIPTIONS = new Map([
  ['機構支給以外の端末の利用許可', '私物等の端末で機構の業務を行う許可を申請します（第97条・第146条）。'],
  ['クラウドサービスの利用申請', 'クラウドサービスを使い始める前に利用の承認を申請します（第145条第8項）。'],
  ['例外措置の適用申請', '規定どおりに実施できない場合の例外措置を申請し、又は事後に届け出ます（第25条）。'],
  ['外部電磁的記録媒体の持出し', 'USBメモリ等の媒体を要管理対策区域の外へ持ち出す許可を申請します（第145条第7項）。'],
  ['業務委託の実施', '業務を外部に委託する前に、仕様の策定と委託先の選定を依頼します（第54条）。'],
  ['情報セキュリティインシデントへの対処', 'インシデントの可能性がある事象を情報システム部の報告窓口（CSIRT）へ報告します（第29条第1項）。']
]);

function describeProcesses(root) {
  const scope = root.nodeType === Node.ELEMENT_NODE ? root : root.parentElement;
  if (!scope || !scope.querySelectorAll) {
    return;
  }
  scope.querySelectorAll('.processes li > a').forEach(link => {
    const description = DESCRIPTIONS.get(link.textContent.trim());
    const item = link.parentElement;
    if (description && !item.querySelector('.platform-process-description')) {
      const line = document.createElement('div');
      line.className = 'platform-process-description';
      line.textContent = description;
      item.appendChild(line);
    }
  });
}

/* Dates: yyyy/mm/dd wherever a format is asked for without options (form-js's date field). */
const IntlDateTimeFormat = Intl.DateTimeFormat;
function DateTimeFormat(locales, options) {
  if (options === undefined) {
    return new IntlDateTimeFormat('ja-JP', {year: 'numeric', month: '2-digit', day: '2-digit'});
  }
  return new IntlDateTimeFormat(locales, options);
}
DateTimeFormat.prototype = IntlDateTimeFormat.prototype;
DateTimeFormat.supportedLocalesOf = IntlDateTimeFormat.supportedLocalesOf;
Intl.DateTimeFormat = DateTimeFormat;

/* Refusals beside their fields. */
const REFUSAL = 'platform-refusal';

function fieldLabelled(label) {
  const fields = document.querySelectorAll('.fjs-form-field');
  for (const field of fields) {
    const own = field.querySelector('.fjs-form-field-label, legend, label');
    if (own && own.textContent.replace(/\s*\*\s*$/, '').trim() === label) {
      return field;
    }
  }
  for (const field of fields) {
    const own = field.querySelector('.fjs-form-field-label, legend, label');
    if (own && own.textContent.trim().startsWith(label)) {
      return field;
    }
  }
  return null;
}

function clearRefusals() {
  document.querySelectorAll('.' + REFUSAL).forEach(element => element.remove());
  document.querySelectorAll('.platform-refused').forEach(element => element.classList.remove('platform-refused'));
}

function showRefusal(message) {
  clearRefusals();
  // The server's heading ("入力内容を確認してください: ", "申請内容に誤りがあります: ") stays in the notification.
  const text = message.replace(/^[^「]*(?:ください|あります|ません)[:：]\s*/, '');
  let first = null;
  for (const part of text.split(/\s*／\s*/)) {
    const named = /「([^」]+)」/.exec(part);
    const field = named && fieldLabelled(named[1]);
    if (!field) {
      continue;
    }
    const note = document.createElement('div');
    note.className = REFUSAL;
    note.setAttribute('role', 'alert');
    note.textContent = part;
    field.appendChild(note);
    field.classList.add('platform-refused');
    first = first || field;
  }
  if (first) {
    first.scrollIntoView({block: 'center'});
  }
}

const seen = new WeakSet();
function watchNotifications(root) {
  const scope = root.nodeType === Node.ELEMENT_NODE ? root : root.parentElement;
  if (!scope) {
    return;
  }
  const alerts = scope.matches && scope.matches('.notifications .alert-danger')
    ? [scope] : scope.querySelectorAll('.notifications .alert-danger');
  alerts.forEach(alert => {
    const message = alert.querySelector('.message');
    if (message && message.textContent.trim() && !seen.has(message)) {
      seen.add(message);
      showRefusal(message.textContent.trim());
    }
  });
}

new MutationObserver(mutations => {
  for (const mutation of mutations) {
    if (mutation.type === 'characterData') {
      translate(mutation.target);
      continue;
    }
    if (mutation.type === 'attributes') {
      translate(mutation.target);
      continue;
    }
    mutation.addedNodes.forEach(node => {
      translate(node);
      watchNotifications(node);
    });
    if (mutation.target.closest && mutation.target.closest('.notifications')) {
      watchNotifications(mutation.target);
    }
  }
  // Angular fills the names in after adding the rows: describe the list as it stands after each change.
  const processes = document.querySelector('.processes');
  if (processes) {
    describeProcesses(processes);
  }
}).observe(document.documentElement, {
  childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['placeholder']
});

/* A new submission starts without the last refusal's notes. */
document.addEventListener('click', event => {
  if (event.target.closest && event.target.closest('button[type=submit], .btn-primary')) {
    clearRefusals();
  }
}, true);

export default [];
