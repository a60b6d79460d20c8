// Bundles the editor (bpmn-js, dmn-js, properties panel) into the platform's static resources.
// Run by the Maven build after `npm ci --ignore-scripts`; output goes to target/classes only.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const outdir = process.argv[2] || '../../../target/classes/static/platform/editor/assets';

// The editor page's Content-Security-Policy allows no inline <style> element (style-src-elem 'self').
// CodeMirror (the FEEL fields of the properties panel and dmn-js) mounts its styles through style-mod, which
// uses a constructed style sheet (CSSOM, not restricted by CSP) in shadow roots but a <style> element in a
// document. Documents have adoptedStyleSheets too (Chromium 73, Firefox 101, Safari 16.4), so style-mod is
// made to use them there as well; older browsers keep the <style> element (and the policy blocks it).
const STYLE_MOD_DOCUMENT_CHECK = 'if (!root.head && root.adoptedStyleSheets && win.CSSStyleSheet) {';
const constructedStyleSheets = {
  name: 'style-mod-constructed-style-sheets',
  setup(build) {
    build.onLoad({ filter: /[\\/]style-mod[\\/]src[\\/]style-mod\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(STYLE_MOD_DOCUMENT_CHECK)) {
        throw new Error(`style-mod changed (${args.path}): check the CSP patch in build.mjs`);
      }
      return {
        contents: source.replace(STYLE_MOD_DOCUMENT_CHECK, 'if (root.adoptedStyleSheets && win.CSSStyleSheet) {'),
        loader: 'js'
      };
    });
  }
};

// The editor lints with the repository's .bpmnlintrc, the same configuration as the build's gate (lint-bpmn.mjs):
// `import bpmnlintConfig from 'bpmnlint-config'` gets { config, resolver } with every configured rule bundled,
// which is what bpmn-js-bpmnlint expects (the packed form bpmnlint-pack-config would write).
const require = createRequire(import.meta.url);
const bpmnlintConfig = {
  name: 'bpmnlint-config',
  setup(build) {
    build.onResolve({ filter: /^bpmnlint-config$/ }, () => ({ path: 'bpmnlint-config', namespace: 'bpmnlint-config' }));
    build.onLoad({ filter: /.*/, namespace: 'bpmnlint-config' }, async () => {
      const rcFile = new URL('../../../.bpmnlintrc', import.meta.url);
      const { Linter } = require('bpmnlint');
      const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
      const linter = new Linter({ resolver: new NodeResolver({ require }) });
      const rules = await linter.resolveConfiguredRules(JSON.parse(await readFile(rcFile, 'utf8')));
      const imports = [];
      const entries = [];
      Object.keys(rules).forEach((name, i) => {
        const { pkg, ruleName } = linter.parseRuleName(name);
        imports.push(`import rule${i} from ${JSON.stringify(`${pkg}/rules/${ruleName}`)};`);
        entries.push(`${JSON.stringify(`${pkg}/${ruleName}`)}: rule${i}`);
      });
      return {
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        watchFiles: [fileURLToPath(rcFile)],
        loader: 'js',
        contents: `${imports.join('\n')}
const rules = { ${entries.join(', ')} };
export default {
  config: { rules: ${JSON.stringify(rules)} },
  resolver: {
    resolveRule(pkg, ruleName) {
      const rule = rules[pkg + '/' + ruleName];
      if (!rule) throw new Error('cannot resolve rule <' + pkg + '/' + ruleName + '>');
      return rule;
    },
    resolveConfig(pkg, configName) {
      throw new Error('cannot resolve config <' + configName + '> in <' + pkg + '>');
    }
  }
};
`
      };
    });
  }
};

await esbuild.build({
  entryPoints: ['editor.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir,
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl', '.json': 'json' },
  plugins: [constructedStyleSheets, bpmnlintConfig],
  logLevel: 'info',
  legalComments: 'linked'
});
