// Bundles the editor (bpmn-js, dmn-js, properties panel) into the platform's static resources.
// Run by the Maven build after `npm ci --ignore-scripts`; output goes to target/classes only.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';

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

await esbuild.build({
  entryPoints: ['editor.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir,
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl', '.json': 'json' },
  plugins: [constructedStyleSheets],
  logLevel: 'info',
  legalComments: 'linked'
});
