#!/usr/bin/env node
// `npm run bench [-- NAME ...]`: builds, then runs the benchmarks under bench/ (all of them, or
// those named: import, stream, load, ner, textcat, onnx, active-learning, tfidf-baseline). Each prints JSON and a
// short table; their READMEs keep the latest numbers.
import { build, run } from './run.mjs';

const BENCHES = {
  import: ['bench/import/import.mjs'],
  stream: ['bench/stream/stream.mjs'],
  load: ['bench/load/load.mjs'],
  ner: ['bench/engine/ner.mjs', '--epochs', '5'],
  textcat: ['bench/engine/textcat.mjs'],
  onnx: ['bench/engine/onnx.mjs'],
  'active-learning': ['bench/engine/active-learning.mjs'],
  'tfidf-baseline': ['bench/engine/tfidf-baseline.mjs'],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`,
  );
  process.exit(2);
}
await build();
let failed = 0;
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  console.log(`\n=== bench ${name} ===`);
  const [script, ...args] = BENCHES[name];
  if ((await run(process.execPath, [script, ...args])) !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
