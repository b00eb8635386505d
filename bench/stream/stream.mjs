#!/usr/bin/env node
// Many annotators on one ner.teach stream over graphql-ws on loopback. For N = 1, 10, 50:
// answer round-trip latency (the next task is already queued on the client, so this is the
// answer → next-task latency), answers/s sustained, fan-out delay of model events to every
// client, and a count afterwards of answers stored vs acknowledged (no loss, no duplicates).
// Run `npm run build` first. Prints JSON, then a table.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, startServer } from '../support/chorus-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SIZES = (process.env.BENCH_ANNOTATORS ?? '1,10,50').split(',').map(Number);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : null;
};

const TASKS = `subscription($stream: String!, $session: String!) { tasks(stream: $stream, session: $session) { tasks { taskHash task } } }`;
const EVENTS = `subscription($stream: String!) { streamEvents(stream: $stream) { type answers } }`;
const ANSWER = `mutation($input: AnswerInput!) { answer(input: $input) { duplicate answers } }`;

async function run(url, gold, n) {
  const stream = `bench-${n}`;
  await gql(url, `mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }`, {
    i: { name: stream, kind: 'ner', labels: ['PER', 'ORG', 'LOC', 'MISC'] },
  });
  await gql(url, `mutation($i: CreateStreamInput!) { createStream(input: $i) { id } }`, {
    i: {
      name: stream,
      dataset: stream,
      source: 'bench',
      recipe: 'ner_teach',
      labels: ['PER', 'ORG', 'LOC', 'MISC'],
    },
  });
  const latencies = [];
  const fanout = [];
  const sentAt = new Map();
  let acknowledged = 0;
  let duplicates = 0;
  let key = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const clients = [];
  const annotators = Array.from({ length: n }, async (_, a) => {
    const session = `annotator-${a}`;
    const client = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
    });
    clients.push(client);
    client.subscribe(
      { query: EVENTS, variables: { stream } },
      {
        next: ({ data }) => {
          const at = sentAt.get(data.streamEvents.answers);
          if (data.streamEvents.type === 'model_updated' && at !== undefined)
            fanout.push(performance.now() - at);
        },
        error: () => {},
        complete: () => {},
      },
    );
    const queue = [];
    let wake;
    client.subscribe(
      { query: TASKS, variables: { stream, session } },
      {
        next: ({ data }) => {
          queue.push(...data.tasks.tasks);
          wake?.();
        },
        error: (e) => console.error(e),
        complete: () => {},
      },
    );
    const once = (query, variables) =>
      new Promise((resolve, reject) => {
        let result;
        client.subscribe(
          { query, variables },
          { next: (r) => (result = r), error: reject, complete: () => resolve(result) },
        );
      });
    while (performance.now() < deadline) {
      if (queue.length === 0) {
        await new Promise((r) => {
          wake = r;
          setTimeout(r, 200);
        });
        continue;
      }
      const task = queue.shift();
      const span = task.task.spans[0];
      const accept = (gold.get(task.task.text) ?? []).some(
        (g) => g.start === span.start && g.end === span.end && g.label === span.label,
      );
      const started = performance.now();
      const result = await once(ANSWER, {
        input: {
          stream,
          session,
          taskHash: task.taskHash,
          task: task.task,
          answer: accept ? 'accept' : 'reject',
          idempotencyKey: `${session}-${++key}`,
        },
      });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      latencies.push(performance.now() - started);
      sentAt.set(result.data.answer.answers, started);
      acknowledged++;
      if (result.data.answer.duplicate) duplicates++;
    }
  });
  const started = performance.now();
  await Promise.all(annotators);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 300));
  for (const client of clients) await client.dispose();
  const { dataset } = await gql(
    url,
    `query($n: String!) { dataset(name: $n) { counts { total } } }`,
    { n: stream },
  );
  return {
    annotators: n,
    answers: acknowledged,
    answersPerSecond: acknowledged / elapsed,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    fanoutMs: { p50: percentile(fanout, 50), p99: percentile(fanout, 99), events: fanout.length },
    stored: dataset.counts.total,
    lost: acknowledged - duplicates - dataset.counts.total,
    duplicates,
  };
}

const work = await mkdtemp(path.join(tmpdir(), 'chorus-bench-stream-'));
const { url, child } = await startServer(work, {
  nodeArgs: process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [],
});
try {
  const file = await readFile(
    path.resolve(root, '../shared/data/ner/conll2003-train.jsonl'),
    'utf8',
  );
  const records = file
    .trim()
    .split('\n')
    .slice(0, 5000)
    .map((l) => JSON.parse(l));
  const gold = new Map(records.map((r) => [r.text, r.spans]));
  const body = records.map(({ text, tokens }) => JSON.stringify({ text, tokens })).join('\n');
  await fetch(`${url}/api/sources/bench/import`, { method: 'POST', body });
  const results = [];
  for (const n of SIZES) results.push(await run(url, gold, n));
  console.log(JSON.stringify({ seconds: SECONDS, results }, null, 2));
  console.log(
    '\n| annotators | answers/s | latency p50 / p99 (ms) | fan-out p50 / p99 (ms) | acknowledged | stored | lost |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const f = (v) => (v === null ? '-' : v.toFixed(1));
    console.log(
      `| ${r.annotators} | ${r.answersPerSecond.toFixed(0)} | ${f(r.latencyMs.p50)} / ${f(r.latencyMs.p99)} | ${f(r.fanoutMs.p50)} / ${f(r.fanoutMs.p99)} | ${r.answers} | ${r.stored} | ${r.lost} |`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rm(work, { recursive: true, force: true });
}
