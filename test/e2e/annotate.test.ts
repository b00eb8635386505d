import {
  CreateStreamDocument,
  DatasetAnnotationsDocument,
  Recipe,
  SetStreamModelDocument,
  StreamVersionsDocument,
  type CreateStreamInput,
} from '@chorus/schema';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allAnswersSaved,
  answerWithKey,
  currentTaskHash,
  firstLoadJavaScript,
  nextTaskLatencies,
  percentile,
} from '../support/annotate.js';
import { launchChromium } from '../support/browser.js';
import { graphql, importFile } from '../support/chorus-api.js';
import { saveScreenshot, seriousViolations, VIEWPORTS } from '../support/page-checks.js';
import {
  REPO_ROOT,
  startServer,
  startWeb,
  type ChorusServer,
  type WebApp,
} from '../support/processes.js';

const SAMPLE = path.join(REPO_ROOT, 'test/fixtures/conll2003-dev-sample.jsonl');
const SOURCE = 'conll-sample';
const NER_LABELS = ['PER', 'ORG', 'LOC', 'MISC'];

interface StoredAnswer {
  taskHash: number;
  sessionId: string | null;
  answer: string;
  task: Record<string, unknown>;
}

describe('annotating in the browser, against a real server', () => {
  let server: ChorusServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // Snapshots as soon as `snapshotEvery` answers are in, so a version is published during the test.
    server = await startServer({ STREAM_SNAPSHOT_MIN_MS: '0' });
    await importFile(server.url, 'source', SOURCE, SAMPLE);
    web = await startWeb({ apiUrl: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  async function newPage(viewport: { width: number; height: number } = VIEWPORTS.desktop) {
    const context = await browser!.newContext({ viewport });
    contexts.push(context);
    return { context, page: await context.newPage() };
  }

  async function createStream(
    input: Partial<CreateStreamInput> & { name: string; recipe: Recipe },
  ) {
    await graphql(server!.url, CreateStreamDocument, {
      input: { dataset: input.name, source: SOURCE, labels: NER_LABELS, ...input },
    });
  }

  const annotateUrl = (stream: string, session: string) =>
    `${web!.url}/streams/${encodeURIComponent(stream)}?session=${encodeURIComponent(session)}`;

  async function storedAnswers(dataset: string): Promise<StoredAnswer[]> {
    const rows: StoredAnswer[] = [];
    let after: string | undefined;
    for (;;) {
      const { dataset: page } = await graphql(server!.url, DatasetAnnotationsDocument, {
        name: dataset,
        first: 500,
        ...(after ? { after } : {}),
      });
      rows.push(...page.annotations.edges.map((edge) => edge.node as StoredAnswer));
      if (!page.annotations.pageInfo.hasNextPage) return rows;
      after = page.annotations.pageInfo.endCursor ?? undefined;
    }
  }

  it('two annotators answer one ner.teach stream by keyboard: no task twice, each answer stored once', async () => {
    await createStream({ name: 'teach', recipe: Recipe.ner_teach, snapshotEvery: 10 });
    const alice = (await newPage()).page;
    const bob = (await newPage()).page;
    await Promise.all([
      alice.goto(annotateUrl('teach', 'alice')),
      bob.goto(annotateUrl('teach', 'bob')),
    ]);
    await Promise.all([currentTaskHash(alice), currentTaskHash(bob)]);

    // Each sees the other.
    await alice.getByTestId('presence').getByText('bob').waitFor();
    await bob.getByTestId('presence').getByText('alice').waitFor();

    const answered: Record<string, number[]> = { alice: [], bob: [] };
    const keys = ['a', 'x', 'a', 'Space', 'x'];
    for (let round = 0; round < 12; round++) {
      for (const [name, page] of [
        ['alice', alice],
        ['bob', bob],
      ] as const) {
        answered[name]!.push(await answerWithKey(page, keys[round % keys.length]!));
      }
    }
    await Promise.all([allAnswersSaved(alice), allAnswersSaved(bob)]);

    const all = [...answered.alice!, ...answered.bob!];
    expect(new Set(all).size).toBe(all.length); // neither got the other's task, none repeated

    // A version was published (every 10 answers): both pages say so.
    for (const page of [alice, bob]) {
      await page
        .getByText(/Model version \d+ was published from this stream/)
        .first()
        .waitFor();
    }

    // Switching the stream to one of its versions tells everyone on the page.
    const { modelVersions } = await graphql(server!.url, StreamVersionsDocument, {});
    const version = modelVersions.edges.at(-1)!.node.id;
    await graphql(server!.url, SetStreamModelDocument, { stream: 'teach', version });
    for (const page of [alice, bob]) {
      await page.getByText(`This stream now uses model version ${version}.`).waitFor();
    }

    await saveScreenshot(alice, 'annotate-two-annotators');

    const stored = await storedAnswers('teach');
    expect(stored).toHaveLength(24);
    expect(new Set(stored.map((row) => row.taskHash)).size).toBe(24);
    expect(
      stored
        .filter((row) => row.sessionId === 'alice')
        .map((row) => row.taskHash)
        .sort(),
    ).toEqual([...answered.alice!].sort());
    const ignored = stored.filter((row) => row.answer === 'ignore').length;
    expect(ignored).toBeGreaterThan(0);

    const latencies = [...(await nextTaskLatencies(alice)), ...(await nextTaskLatencies(bob))];
    expect(latencies.length).toBeGreaterThanOrEqual(20);
    console.log(
      JSON.stringify({
        nextTaskMs: {
          n: latencies.length,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: Math.max(...latencies),
        },
      }),
    );
  });

  it('stores a manual NER span made by a mouse drag with its character and token offsets', async () => {
    await createStream({ name: 'manual', recipe: Recipe.ner_manual });
    const { page } = await newPage();
    await page.goto(annotateUrl('manual', 'carol'));
    const hash = await currentTaskHash(page);
    const first = page.locator('[data-token="1"]');
    const second = page.locator('[data-token="2"]');
    const [a, b] = [await first.boundingBox(), await second.boundingBox()];
    const expectedText = `${await first.textContent()}`;
    await page.mouse.move(a!.x + 2, a!.y + a!.height / 2);
    await page.mouse.down();
    await page.mouse.move(b!.x + b!.width - 2, b!.y + b!.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByRole('button', { name: /, PER\. Remove this span/ }).waitFor();
    await page.keyboard.press('Enter');
    await allAnswersSaved(page);

    const [row] = (await storedAnswers('manual')).filter((r) => r.taskHash === hash);
    const task = row!.task as {
      text: string;
      tokens: { start: number; end: number }[];
      spans: {
        start: number;
        end: number;
        token_start: number;
        token_end: number;
        label: string;
      }[];
    };
    expect(row!.answer).toBe('accept');
    expect(task.spans).toHaveLength(1);
    const span = task.spans[0]!;
    expect(span).toMatchObject({ token_start: 1, token_end: 2, label: 'PER' });
    expect(span.start).toBe(task.tokens[1]!.start);
    expect(span.end).toBe(task.tokens[2]!.end);
    expect(task.text.slice(span.start, span.end).startsWith(expectedText)).toBe(true);
  });

  it('marks a span by keyboard alone: arrows, shift to select, a number to label it', async () => {
    await createStream({ name: 'manual-keys', recipe: Recipe.ner_manual });
    const { page } = await newPage();
    await page.goto(annotateUrl('manual-keys', 'dave'));
    const hash = await currentTaskHash(page);
    await page.keyboard.press('ArrowRight'); // cursor on token 1
    await page.keyboard.press('Shift+ArrowRight'); // tokens 1–2
    await page.keyboard.press('3'); // LOC
    await page.getByRole('button', { name: /, LOC\. Remove this span/ }).waitFor();
    await page.keyboard.press('Enter');
    await allAnswersSaved(page);
    const [row] = (await storedAnswers('manual-keys')).filter((r) => r.taskHash === hash);
    const spans = (
      row!.task as { spans: { token_start: number; token_end: number; label: string }[] }
    ).spans;
    expect(spans).toEqual([
      expect.objectContaining({ token_start: 1, token_end: 2, label: 'LOC' }),
    ]);
  });

  it('stores a textcat.manual choice picked with its number key', async () => {
    await createStream({
      name: 'choice',
      recipe: Recipe.textcat_manual,
      labels: ['SPORT', 'POLITICS', 'OTHER'],
      exclusive: true,
    });
    const { page } = await newPage();
    await page.goto(annotateUrl('choice', 'erin'));
    const hash = await currentTaskHash(page);
    await page.keyboard.press('2');
    await expect.poll(() => page.getByRole('radio', { name: 'POLITICS' }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await allAnswersSaved(page);
    const [row] = (await storedAnswers('choice')).filter((r) => r.taskHash === hash);
    expect(row!.answer).toBe('accept');
    expect(row!.task.accept).toEqual(['POLITICS']);
  });

  it('keeps five answers given offline through a reload and stores each once when back online', async () => {
    await createStream({ name: 'offline', recipe: Recipe.ner_teach });
    const { context, page } = await newPage();
    await page.goto(annotateUrl('offline', 'frank'));
    await currentTaskHash(page);
    await context.setOffline(true);
    const hashes: number[] = [];
    for (let i = 0; i < 5; i++) hashes.push(await answerWithKey(page, 'a'));
    await page.getByTestId('outbox').filter({ hasText: '5 answers waiting to be sent' }).waitFor();
    await page.reload().catch(() => {}); // offline: the reload itself fails
    await context.setOffline(false);
    await page.goto(annotateUrl('offline', 'frank'));
    await allAnswersSaved(page);
    // The answers left the outbox only after the server acknowledged them; none is asked again.
    const stored = await storedAnswers('offline');
    expect(stored.map((row) => row.taskHash).sort()).toEqual([...hashes].sort());
    expect(hashes).not.toContain(await currentTaskHash(page));
  });

  it('undo with backspace brings the last answered task back, and the server keeps the history', async () => {
    await createStream({ name: 'undo', recipe: Recipe.ner_teach });
    const { page } = await newPage();
    await page.goto(annotateUrl('undo', 'jo'));
    const first = await answerWithKey(page, 'a');
    const second = await answerWithKey(page, 'x');
    await allAnswersSaved(page);
    // Sent already: the server takes each back and gives its task back to this session.
    await page.keyboard.press('Backspace');
    await expect.poll(() => currentTaskHash(page)).toBe(second);
    await page.keyboard.press('Backspace');
    await expect.poll(() => currentTaskHash(page)).toBe(first);
    expect(await page.getByTestId('history').count()).toBe(0);
    await answerWithKey(page, 'x');
    await allAnswersSaved(page);
    // Undone answers stay in the database as history, out of the dataset's answers.
    const rows = await storedAnswers('undo');
    expect(rows.map((row) => [row.taskHash, row.answer])).toEqual([[first, 'reject']]);
  });

  it("review: shows what each session answered and stores the reviewer's verdict", async () => {
    await graphql(server!.url, CreateStreamDocument, {
      input: {
        name: 'review',
        dataset: 'reviewed',
        reviewOf: 'teach',
        recipe: Recipe.review,
        labels: NER_LABELS,
      },
    });
    const { page } = await newPage();
    await page.goto(annotateUrl('review', 'judge'));
    const hash = await currentTaskHash(page);
    await page.getByText(/The annotators (agree|disagree)/).waitFor();
    expect(await page.locator('.review-version').count()).toBeGreaterThan(0);
    await answerWithKey(page, 'a');
    await allAnswersSaved(page);
    const stored = await storedAnswers('reviewed');
    expect(stored.map((row) => [row.taskHash, row.answer, row.sessionId])).toEqual([
      [hash, 'accept', 'judge'],
    ]);
  });

  it('mark: the plain input, rejected with x', async () => {
    await createStream({ name: 'mark', recipe: Recipe.mark, labels: [] });
    const { page } = await newPage();
    await page.goto(annotateUrl('mark', 'gina'));
    const first = await answerWithKey(page, 'x');
    await allAnswersSaved(page);
    const stored = await storedAnswers('mark');
    expect(stored.map((row) => [row.taskHash, row.answer])).toEqual([[first, 'reject']]);
  });

  it('creates a stream from the form, with a source uploaded in place, and asks who is annotating', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chorus-upload-'));
    const bad = path.join(dir, 'bad.jsonl');
    const good = path.join(dir, 'good.jsonl');
    await writeFile(bad, '{"text": "fine"}\n{"text": 5}\n');
    await writeFile(
      good,
      ['Ada Lovelace met Charles Babbage in London .', 'Paris is big .', 'Nothing here .']
        .map((text) => JSON.stringify({ text }))
        .join('\n') + '\n',
    );
    const { page } = await newPage();
    await page.goto(`${web!.url}/streams/new`);
    await page.getByLabel('Stream name').fill('from-form');
    await page.getByLabel('Dataset to save answers in').fill('from-form');
    const file = page.getByLabel('File (JSONL, CSV with a text column, or text)');

    await file.setInputFiles(bad);
    await page.getByLabel('New source name').fill('uploaded');
    await page.getByRole('button', { name: 'Upload' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'line 2' });
    await error.waitFor();
    expect(await error.textContent()).toContain('bad.jsonl');

    await file.setInputFiles(good);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Imported 3 inputs into “uploaded”').waitFor();
    await expect.poll(() => page.getByLabel('Source of inputs').inputValue()).toBe('uploaded');
    await page.getByRole('textbox', { name: 'Labels' }).fill('PER, LOC');
    await page.getByLabel('Target (answers)').fill('3');
    await page.getByRole('button', { name: 'Create stream and start annotating' }).click();

    await page.getByLabel('Your name').fill('hana');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/streams/from-form?session=hana');
    await currentTaskHash(page);
    await page.getByText('0 of 3').waitFor();
  });

  it('shows hostile text, meta, labels and session names as text and runs none of it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chorus-hostile-'));
    const file = path.join(dir, 'hostile.jsonl');
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    await writeFile(
      file,
      JSON.stringify({ text: `Hello ${payload} world`, meta: { note: payload } }) + '\n',
    );
    await importFile(server!.url, 'source', 'hostile', file);
    await graphql(server!.url, CreateStreamDocument, {
      input: {
        name: 'hostile',
        dataset: 'hostile',
        source: 'hostile',
        recipe: Recipe.textcat_teach,
        labels: ['<img src=x onerror="window.__pwned=1">'],
      },
    });
    const { page } = await newPage();
    const session = '<script>window.__pwned=1</script>';
    await page.goto(annotateUrl('hostile', session));
    await currentTaskHash(page);
    await expect.poll(() => page.getByTestId('task-text').textContent()).toContain('<img src=x');
    await page
      .getByText('<img src=x onerror="window.__pwned=1">', { exact: true })
      .first()
      .waitFor();
    expect(await page.getByTestId('session-name').textContent()).toBe(session);
    expect(await page.locator('.task-meta').textContent()).toContain(payload);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
  });

  it('measures the JavaScript a first visit of the annotate page loads (budget: 300 KB gzipped)', async () => {
    await createStream({ name: 'bundle', recipe: Recipe.ner_teach });
    const { page } = await newPage();
    const { files, gzipBytes } = await firstLoadJavaScript(
      page,
      annotateUrl('bundle', 'ivy'),
      path.join(REPO_ROOT, 'apps/web/.next'),
    );
    await currentTaskHash(page);
    console.log(
      JSON.stringify({ annotateFirstLoadJs: { files, gzipKB: Math.round(gzipBytes / 1024) } }),
    );
    expect(files).toBeGreaterThan(0);
  });

  it('passes axe at both sizes and keeps screenshots of the annotate and new-stream pages', async () => {
    await createStream({ name: 'looks', recipe: Recipe.ner_teach });
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const { page } = await newPage(viewport);
      await page.goto(annotateUrl('looks', `viewer-${size}`));
      await currentTaskHash(page);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'annotate-ner-teach');

      await page.goto(`${web!.url}/streams/new`);
      await page.getByRole('button', { name: /Create stream/ }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'streams-new');

      await page.goto(`${web!.url}/streams/manual?session=shots-${size}`);
      await currentTaskHash(page);
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, 'annotate-ner-manual');
    }
  });
});
