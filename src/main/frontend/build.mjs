// Bundles the editor (bpmn-js, dmn-js, properties panel) into the platform's static resources.
// Run by the Maven build after `npm ci --ignore-scripts`; output goes to target/classes only.
import * as esbuild from 'esbuild';

const outdir = process.argv[2] || '../../../target/classes/static/platform/editor/assets';

await esbuild.build({
  entryPoints: ['editor.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir,
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl', '.json': 'json' },
  logLevel: 'info',
  legalComments: 'linked'
});
