// Lints BPMN files with bpmnlint and the repository's .bpmnlintrc (bpmnlint:recommended), as the build's gate.
// Usage: node src/main/frontend/lint-bpmn.mjs [file-or-directory ...]   (default: the repository's bpmn/)
// Prints one line per problem, file:element:rule:message, and exits 1 on any error OR warning: a warning
// (a fake join, say) is a modelling mistake here too, and a gate that lets warnings pass lets them pile up.
import { createRequire } from 'node:module';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Rules and configs are resolved from this directory's node_modules, whatever the working directory is.
const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const traverse = require('bpmnlint/lib/traverse');
const { BpmnModdle } = require('bpmn-moddle');
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const configFile = path.join(root, '.bpmnlintrc');

async function bpmnFiles(targets) {
  const files = [];
  for (const target of targets) {
    if ((await stat(target)).isDirectory()) {
      const names = (await readdir(target)).filter((name) => name.endsWith('.bpmn')).sort();
      files.push(...names.map((name) => path.join(target, name)));
    } else {
      files.push(target);
    }
  }
  return files;
}

function elementLabel(element) {
  return element && element.name ? `${element.id} (${element.name})` : (element && element.id) || '';
}

async function lintFile(file, moddle) {
  const problems = [];
  let definitions;
  let warnings = [];
  try {
    ({ rootElement: definitions, warnings = [] } = await moddle.fromXML(await readFile(file, 'utf8')));
  } catch (error) {
    return [{ id: '', rule: 'parse', category: 'error', message: error.message.split('\n')[0] }];
  }
  // Import warnings (unknown elements, broken references) make the model mean something else than it shows.
  for (const warning of warnings) {
    problems.push({ id: warning.element && warning.element.id || '', rule: 'import', category: 'error',
      message: warning.message.split('\n')[0] });
  }
  // A linter per file: rule instances keep state (no-duplicate-sequence-flows remembers the flows it saw).
  const linter = new Linter({ config, resolver: new NodeResolver({ require }) });
  const results = await linter.lint(definitions);
  const byId = new Map();
  traverse(definitions, { enter: (element) => { if (element.id) byId.set(element.id, element); } });
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      problems.push({ id: elementLabel(byId.get(report.id)) || report.id || '', rule, category: report.category,
        message: report.message });
    }
  }
  return problems;
}

const config = JSON.parse(await readFile(configFile, 'utf8'));
const configName = [].concat(config.extends || []).join(', ') || '.bpmnlintrc';
const moddle = new BpmnModdle({ camunda: camundaModdle });
const targets = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(root, 'bpmn')];
const files = await bpmnFiles(targets);

let errors = 0;
let warnings = 0;
for (const file of files) {
  for (const problem of await lintFile(file, moddle)) {
    if (problem.category === 'error') errors++; else warnings++;
    console.log(`${path.relative(process.cwd(), file)}:${problem.id}:${problem.rule}:${problem.message} [${problem.category}]`);
  }
}
if (errors || warnings) {
  console.log(`bpmnlint (${configName}): ${errors} error(s), ${warnings} warning(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`bpmnlint (${configName}): ${files.length} file(s) clean`);
