#!/usr/bin/env node
// Import and export speed on conll2003-train.jsonl, and whether memory stays flat as the file
// grows: the same rows imported from the file and from a file 8× its size (texts made unique).
// Prints JSON, then a short table. Run with `npm run bench -- import` after `npm run build`.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const server = (p) => import(path.join(root, 'apps/server/dist', p));
const { loadConfig } = await server('config.js');
const { createLogger } = await server('logger.js');
const { openDatabase } = await server('database/orm.js');
const { importFile } = await server('imports/import.service.js');
const { exportLines } = await server('datasets/dataset.service.js');

const source =
  process.env.BENCH_FILE ?? path.resolve(root, '../shared/data/ner/conll2003-train.jsonl');
const work = await mkdtemp(path.join(tmpdir(), 'chorus-bench-import-'));
const config = loadConfig({
  CHORUS_DATA_DIR: work,
  EMBEDDED_PG_PORT: String(55000 + Math.floor(Math.random() * 1000)),
});
const db = await openDatabase(config, createLogger('warn'));

function peakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function enlarged(times) {
  const file = path.join(work, `x${times}.jsonl`);
  const out = createWriteStream(file);
  for (let copy = 0; copy < times; copy++) {
    for await (const line of readline.createInterface({ input: createReadStream(source) })) {
      if (!line.trim()) continue;
      const task = JSON.parse(line);
      task.meta = { ...task.meta, copy };
      if (!out.write(`${JSON.stringify(task)}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return file;
}

async function measureImport(file, dataset) {
  global.gc?.();
  const stop = peakRss();
  const result = await importFile(db.pool, {
    target: 'dataset',
    name: dataset,
    format: 'jsonl',
    chunks: createReadStream(file), // 64 kB reads, as `db-in`
  });
  const peak = stop();
  return {
    rows: result.inserted + result.duplicates,
    seconds: result.seconds,
    peakRssMb: peak / 2 ** 20,
    bytes: (await stat(file)).size,
  };
}

async function measureExport(dataset) {
  const stop = peakRss();
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  for await (const line of exportLines(db.pool, dataset, {})) {
    rows++;
    bytes += line.length + 1;
  }
  return {
    rows,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: stop() / 2 ** 20,
    bytes,
  };
}

try {
  // The first import in a process also pays for compiling its code; a server's later ones don't.
  const small = await measureImport(source, 'train');
  const warm = await measureImport(source, 'train-warm');
  const exported = await measureExport('train');
  const big = await measureImport(await enlarged(8), 'train-x8');
  const results = {
    file: path.basename(source),
    import: {
      rows: small.rows,
      seconds: small.seconds,
      rowsPerSecond: small.rows / small.seconds,
      peakRssMb: small.peakRssMb,
    },
    importWarm: {
      rows: warm.rows,
      seconds: warm.seconds,
      rowsPerSecond: warm.rows / warm.seconds,
      peakRssMb: warm.peakRssMb,
    },
    export: {
      rows: exported.rows,
      seconds: exported.seconds,
      rowsPerSecond: exported.rows / exported.seconds,
      peakRssMb: exported.peakRssMb,
    },
    importX8: {
      rows: big.rows,
      seconds: big.seconds,
      rowsPerSecond: big.rows / big.seconds,
      peakRssMb: big.peakRssMb,
    },
  };
  console.log(JSON.stringify(results, null, 2));
  console.log('\n| measure | rows | seconds | rows/s | peak RSS (MB) |\n|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results).filter(([k]) => k !== 'file')) {
    console.log(
      `| ${name} | ${r.rows} | ${r.seconds.toFixed(2)} | ${Math.round(r.rowsPerSecond)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
} finally {
  await db.close();
  await rm(work, { recursive: true, force: true });
}
