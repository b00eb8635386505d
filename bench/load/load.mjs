#!/usr/bin/env node
// Load on one Chorus process, on loopback (run `npm run build` first; `npm run bench -- load`).
// 1. Open loop, like real people: LOAD_ANNOTATORS (200) annotators over graphql-ws on one
//    ner.teach stream, each answering a pushed task every 1–3 s whether or not the last answer
//    came back; 5 notebook clients paging the dataset's annotations; 2 dashboards subscribed to
//    the stream's events; for LOAD_SECONDS (600). Measures answer latency, the server's
//    responsiveness (a /healthz probe every 100 ms: its delay is the event loop's lag plus
//    loopback), PostgreSQL connections in use (pg_stat_activity), server RSS (/proc), and
//    reconciles acknowledged answers with the rows stored.
// 2. Closed loop: k clients each sending the next answer as soon as the last is acknowledged, k
//    doubling, on one stream and on 10 streams (LOAD_CAPACITY_SECONDS per step): the highest
//    answers/s with p99 ≤ 100 ms.
// Prints JSON, then a short table. Every loop ends at its deadline.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { gql, startServer } from '../support/chorus-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ANNOTATORS = Number(process.env.LOAD_ANNOTATORS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 600);
const CAPACITY_SECONDS = Number(process.env.LOAD_CAPACITY_SECONDS ?? 8);
const NOTEBOOKS = 5;
const DASHBOARDS = 2;
const CAPACITY_P99_MS = 100;
const LABELS = ['PER', 'ORG', 'LOC', 'MISC'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => ({
  n: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: percentile(values, 100),
});

const TASKS = `subscription($stream: String!, $session: String!) { tasks(stream: $stream, session: $session) { tasks { taskHash task } } }`;
const EVENTS = `subscription($stream: String!) { streamEvents(stream: $stream) { type answers } }`;
const ANSWER = `mutation($input: AnswerInput!) { answer(input: $input) { duplicate } }`;
const PAGE = `query($n: String!, $after: String) { dataset(name: $n) { annotations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id taskHash answer } } } } }`;
const COUNT = `query($n: String!) { dataset(name: $n) { counts { total } } }`;

async function createStream(url, name) {
  await gql(url, `mutation($i: CreateStreamInput!) { createStream(input: $i) { id } }`, {
    i: { name, dataset: name, source: 'conll', recipe: 'ner_teach', labels: LABELS },
  });
}

/** One annotator's socket: pushed tasks queue up; `answer` sends the next one over graphql-ws. */
function annotator(url, stream, session, gold, tally) {
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
  });
  const queue = [];
  client.subscribe(
    { query: TASKS, variables: { stream, session } },
    { next: ({ data }) => queue.push(...data.tasks.tasks), error: () => {}, complete: () => {} },
  );
  let key = 0;
  return {
    client,
    /** Answers the next queued task; resolves once acknowledged (false if no task was there). */
    async answer() {
      const task = queue.shift();
      if (!task) return false;
      const span = task.task.spans[0];
      const accept = (gold.get(task.task.text) ?? []).some(
        (g) => g.start === span.start && g.end === span.end && g.label === span.label,
      );
      const input = {
        stream,
        session,
        taskHash: task.taskHash,
        task: task.task,
        answer: accept ? 'accept' : 'reject',
        idempotencyKey: `${session}-${++key}`,
      };
      const started = performance.now();
      tally.sent++;
      const result = await new Promise((resolve) => {
        let value;
        client.subscribe(
          { query: ANSWER, variables: { input } },
          {
            next: (r) => (value = r),
            error: (e) => resolve({ errors: [e] }),
            complete: () => resolve(value),
          },
        );
      });
      if (!result?.data) {
        tally.errors++;
        return true;
      }
      tally.latencies.push(performance.now() - started);
      if (result.data.answer.duplicate) tally.duplicates++;
      else tally.acknowledged++;
      return true;
    },
  };
}

/** Samples the server every 100 ms (/healthz delay), 1 s (PostgreSQL connections), 5 s (RSS). */
function monitor(url, pid, pgPort, started) {
  const probe = [];
  const connections = [];
  const memory = [];
  const db = new pg.Client({
    host: 'localhost',
    port: pgPort,
    user: 'chorus',
    password: 'chorus',
    database: 'chorus',
  });
  let running = true;
  const loops = [
    (async () => {
      while (running) {
        const t = performance.now();
        await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
        probe.push(performance.now() - t);
        await sleep(100);
      }
    })(),
    (async () => {
      await db.connect();
      while (running) {
        const { rows } = await db.query(
          `select count(*) filter (where state = 'active')::int as active, count(*)::int as open
           from pg_stat_activity where datname = 'chorus' and pid <> pg_backend_pid()`,
        );
        connections.push(rows[0]);
        await sleep(1000);
      }
      await db.end();
    })(),
    (async () => {
      while (running) {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
        memory.push({ s: Math.round((performance.now() - started) / 1000), rssMb });
        await sleep(5000);
      }
    })(),
  ];
  return async () => {
    running = false;
    await Promise.all(loops);
    return {
      healthzMs: summary(probe),
      postgres: {
        activeMax: Math.max(...connections.map((c) => c.active)),
        activeMean: connections.reduce((s, c) => s + c.active, 0) / connections.length,
        openMax: Math.max(...connections.map((c) => c.open)),
      },
      memory,
    };
  };
}

async function openLoop(server, gold) {
  const stream = 'load';
  await createStream(server.url, stream);
  const tally = { sent: 0, acknowledged: 0, duplicates: 0, errors: 0, latencies: [], idle: 0 };
  const started = performance.now();
  const stop = monitor(server.url, server.child.pid, server.pgPort, started);
  const deadline = started + SECONDS * 1000;
  const people = Array.from({ length: ANNOTATORS }, (_, i) =>
    annotator(server.url, stream, `annotator-${i}`, gold, tally),
  );
  const inFlight = new Set();
  const annotating = people.map(async (person) => {
    await sleep(Math.random() * 2000); // people do not all start in the same millisecond
    while (performance.now() < deadline) {
      const sending = person.answer().then((answered) => {
        if (!answered) tally.idle++;
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      await sleep(1000 + Math.random() * 2000);
    }
  });
  const pages = [];
  const notebooks = Array.from({ length: NOTEBOOKS }, async () => {
    let after = null;
    while (performance.now() < deadline) {
      const t = performance.now();
      const { dataset } = await gql(server.url, PAGE, { n: stream, after });
      pages.push(performance.now() - t);
      const { hasNextPage, endCursor } = dataset.annotations.pageInfo;
      after = hasNextPage ? endCursor : null;
      if (!hasNextPage) await sleep(1000); // a notebook re-reads from the start now and then
    }
  });
  const dashboardEvents = [0, 0];
  const dashboards = Array.from({ length: DASHBOARDS }, (_, d) => {
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
    });
    client.subscribe(
      { query: EVENTS, variables: { stream } },
      { next: () => dashboardEvents[d]++, error: () => {}, complete: () => {} },
    );
    return client;
  });
  await Promise.all([...annotating, ...notebooks]);
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const server_ = await stop();
  for (const c of [...people.map((p) => p.client), ...dashboards]) await c.dispose();
  const { dataset } = await gql(server.url, COUNT, { n: stream });
  return {
    annotators: ANNOTATORS,
    seconds: Math.round(elapsed),
    answersPerSecond: tally.acknowledged / elapsed,
    answerMs: summary(tally.latencies),
    exportPageMs: summary(pages),
    dashboardEvents,
    ...server_,
    sent: tally.sent,
    acknowledged: tally.acknowledged,
    errors: tally.errors,
    noTaskAtHand: tally.idle,
    stored: dataset.counts.total,
    lost: tally.acknowledged - dataset.counts.total,
    duplicated: Math.max(0, dataset.counts.total - tally.acknowledged - tally.errors),
  };
}

/** k closed-loop clients over `streams` streams for CAPACITY_SECONDS. */
async function closedLoop(server, gold, streams, k, step) {
  const names = Array.from({ length: streams }, (_, s) => `cap-${step}-${s}`);
  for (const name of names) await createStream(server.url, name);
  const tally = { sent: 0, acknowledged: 0, duplicates: 0, errors: 0, latencies: [] };
  const clients = Array.from({ length: k }, (_, i) =>
    annotator(server.url, names[i % streams], `c-${i}`, gold, tally),
  );
  await sleep(1500); // every session has its first tasks
  const started = performance.now();
  const deadline = started + CAPACITY_SECONDS * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) if (!(await c.answer())) await sleep(5);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const c of clients) await c.client.dispose();
  let stored = 0;
  for (const name of names)
    stored += (await gql(server.url, COUNT, { n: name })).dataset.counts.total;
  return {
    streams,
    clients: k,
    answersPerSecond: tally.acknowledged / elapsed,
    p50: percentile(tally.latencies, 50),
    p99: percentile(tally.latencies, 99),
    acknowledged: tally.acknowledged,
    stored,
  };
}

async function capacity(server, gold, streams, firstStep) {
  const steps = [];
  for (let k = Math.max(1, streams); k <= 64; k *= 2) {
    const result = await closedLoop(server, gold, streams, k, firstStep + steps.length);
    steps.push(result);
    if (result.p99 > CAPACITY_P99_MS) break; // past the knee
  }
  const within = steps.filter((s) => s.p99 <= CAPACITY_P99_MS);
  const best = within.reduce(
    (a, b) => (b.answersPerSecond > a.answersPerSecond ? b : a),
    within[0],
  );
  return { streams, best: best ?? null, steps };
}

const work = await mkdtemp(path.join(tmpdir(), 'chorus-bench-load-'));
const server = await startServer(work);
try {
  const file = await readFile(
    path.resolve(root, '../shared/data/ner/conll2003-train.jsonl'),
    'utf8',
  );
  const records = file
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const gold = new Map(records.map((r) => [r.text, r.spans]));
  const body = records.map(({ text, tokens }) => JSON.stringify({ text, tokens })).join('\n');
  await fetch(`${server.url}/api/sources/conll/import`, { method: 'POST', body });
  const open = await openLoop(server, gold);
  const oneStream = await capacity(server, gold, 1, 0);
  const tenStreams = await capacity(server, gold, 10, 100);
  console.log(JSON.stringify({ open, capacity: [oneStream, tenStreams] }, null, 2));

  const f = (v) => (v === null || v === undefined ? '-' : v.toFixed(1));
  console.log(`\nOpen loop: ${open.annotators} annotators, ${open.seconds} s`);
  console.log(
    '| answers/s | answer p50 / p95 / p99 (ms) | /healthz p99 (ms) | PG active max | RSS first → last (MB) | acknowledged | stored | lost | duplicated |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const rss = open.memory;
  console.log(
    `| ${open.answersPerSecond.toFixed(0)} | ${f(open.answerMs.p50)} / ${f(open.answerMs.p95)} / ${f(open.answerMs.p99)} | ${f(open.healthzMs.p99)} | ${open.postgres.activeMax} | ${f(rss[0]?.rssMb)} → ${f(rss.at(-1)?.rssMb)} | ${open.acknowledged} | ${open.stored} | ${open.lost} | ${open.duplicated} |`,
  );
  console.log(`\nClosed loop (p99 ≤ ${CAPACITY_P99_MS} ms)`);
  console.log('| streams | clients | answers/s | p50 / p99 (ms) | acknowledged | stored |');
  console.log('|---|---|---|---|---|---|');
  for (const step of [...oneStream.steps, ...tenStreams.steps])
    console.log(
      `| ${step.streams} | ${step.clients} | ${step.answersPerSecond.toFixed(0)} | ${f(step.p50)} / ${f(step.p99)} | ${step.acknowledged} | ${step.stored} |`,
    );
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await rm(work, { recursive: true, force: true });
}
