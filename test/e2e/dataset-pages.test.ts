import { CreateStreamDocument, Recipe } from '@chorus/schema';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { graphql, importFile } from '../support/chorus-api.js';
import {
  saveScreenshot,
  seriousViolations,
  VIEWPORTS,
  type ViewportName,
} from '../support/page-checks.js';
import { startServer, startWeb, type ChorusServer, type WebApp } from '../support/processes.js';

/** Two annotators on four SPAM questions (bob changes his mind once), and one on its own. */
const AGREED = [
  ['win a prize now', 'accept', 'alice'],
  ['win a prize now', 'reject', 'bob'],
  ['win a prize now', 'accept', 'bob'],
  ['lunch at noon?', 'reject', 'alice'],
  ['lunch at noon?', 'reject', 'bob'],
  ['claim your prize', 'accept', 'alice'],
  ['claim your prize', 'reject', 'bob'],
  ['see you later', 'reject', 'alice'],
  ['see you later', 'reject', 'bob'],
  ['call me now', 'accept', 'carol'],
].map(([text, answer, session]) => ({
  text,
  label: 'SPAM',
  _view_id: 'classification',
  answer,
  _session_id: session,
}));

/** Gold text classification as `db-in` gets it: cats, no answer. */
const SMS = [
  { text: 'Ok lar... Joking wif u oni...', cats: { SPAM: 0, HAM: 1 } },
  { text: 'Free entry in 2 a wkly comp', cats: { SPAM: 1, HAM: 0 } },
];

/** One repeated line: the import skips it, and the page must not count it. */
const TEXTS = ['first text', 'second text', 'first text', 'third text'];

const jsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

describe('the overview, dataset and source pages, in Chromium against a real server', () => {
  let server: ChorusServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string;

  const file = async (name: string, body: string) => {
    const at = path.join(folder, name);
    await writeFile(at, body);
    return at;
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'chorus-e2e-datasets-'));
    server = await startServer();
    web = await startWeb({ apiUrl: server.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.desktop });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('tells how to import a source, with the real API URL, while there is none', async () => {
    await page.goto(web!.url);
    const hint = page.locator('#sources .empty');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('npm run chorus -- source-in <source> <file>');
    expect(await hint.textContent()).toContain(`${server!.url}/api/sources/<source>/import`);
  });

  it('shows agreement, filters the answers and exports what the filters show', async () => {
    await importFile(server!.url, 'dataset', 'agreed', await file('agreed.jsonl', jsonl(AGREED)));
    await page.goto(`${web!.url}/datasets/agreed`);
    const agreement = page.getByRole('table', { name: 'Agreement' });
    await agreement.waitFor();
    // alice says SPAM 2/4, bob (his latest answers) 1/4, alike on 3: κ = (¾ − ½) / (1 − ½) = ½.
    const spam = agreement.locator('tr[data-agreement="label-SPAM"]');
    expect(await spam.locator('td').allTextContents()).toEqual(['0.50', 'Cohen’s κ', '4', '2']);
    await page.getByText('1 is perfect agreement, 0 is chance').waitFor();

    const table = page.getByRole('table', { name: 'Annotations' });
    const texts = () => table.locator('tbody .task-text').allTextContents();
    await page.getByText('Rows 1–10 of 10').waitFor();
    await page.getByRole('combobox', { name: 'Session' }).selectOption('bob');
    await page.getByRole('combobox', { name: 'Answer' }).selectOption('reject');
    await page.getByText('Rows 1–4 of 4').waitFor();
    expect(await texts()).toEqual([
      'win a prize now',
      'lunch at noon?',
      'claim your prize',
      'see you later',
    ]);
    const exportLink = page.getByRole('link', { name: /^Export JSONL/ });
    const href = await exportLink.getAttribute('href');
    expect(href).toBe(`${server!.url}/api/datasets/agreed/export.jsonl?answer=reject&session=bob`);
    const exported = (await (await fetch(href!)).text()).trim().split('\n');
    expect(exported).toHaveLength(4);

    await page.getByLabel('Text contains').fill('PRIZE');
    await page.getByText('Rows 1–2 of 2').waitFor();
    expect(await texts()).toEqual(['win a prize now', 'claim your prize']);
    await page.getByLabel('Text contains').fill('nothing like this');
    await page.getByText('No annotations match these filters.').waitFor();
  });

  it('shows a textcat answer’s cats, the ones that apply marked, and counts them by label', async () => {
    await importFile(server!.url, 'dataset', 'sms', await file('sms.jsonl', jsonl(SMS)));
    await page.goto(`${web!.url}/datasets/sms`);
    const byLabel = page.getByRole('table', { name: 'By label' });
    await byLabel.locator('tr[data-count="HAM"]').waitFor();
    expect(await byLabel.locator('tr[data-count="SPAM"] td').textContent()).toBe('1');
    expect(await byLabel.locator('tr[data-count="HAM"] td').textContent()).toBe('1');

    const rows = page.getByRole('table', { name: 'Annotations' }).locator('tbody tr');
    await rows.first().waitFor();
    const ham = rows.filter({ hasText: 'Joking' }).locator('.cat-chip');
    expect(await ham.allTextContents()).toEqual(['SPAM 0, does not apply', '✓ HAM 1, applies']);
    expect(
      await ham.locator('xpath=.').evaluateAll((chips) => chips.map((c) => c.className)),
    ).toEqual(['label-chip cat-chip', 'label-chip cat-chip cat-applies']);

    await page.getByRole('combobox', { name: 'Label' }).selectOption('SPAM');
    await page.getByText('Rows 1–1 of 1').waitFor();
    expect(await rows.locator('.task-text').allTextContents()).toEqual([SMS[1]!.text]);
  });

  it('says a dataset does not exist, without an export button, and 404s unknown pages', async () => {
    await page.goto(`${web!.url}/datasets/nope`);
    await page.getByRole('alert').getByText('dataset "nope" does not exist.').waitFor();
    expect(await page.getByRole('link', { name: /Export/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete dataset' }).count()).toBe(0);

    const response = await page.goto(`${web!.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it('numbers a source’s inputs by their place in the list, not by file line', async () => {
    await importFile(
      server!.url,
      'source',
      'texts',
      await file('texts.jsonl', jsonl(TEXTS.map((text) => ({ text })))),
    );
    await page.goto(`${web!.url}/sources/texts`);
    const rows = page.getByRole('table', { name: 'Inputs of texts' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('.row-number').allTextContents()).toEqual(['1', '2', '3']);
    await page.getByText('Rows 1–3 of 3').waitFor();
  });

  it('lists streams with live counts, and lands on a section named in the URL', async () => {
    await graphql(server!.url, CreateStreamDocument, {
      input: {
        name: 'read-texts',
        dataset: 'marked',
        source: 'texts',
        recipe: Recipe.mark,
        labels: [],
      },
    });
    await page.goto(web!.url);
    const stream = page.locator('tr[data-stream="read-texts"]');
    const annotate = stream.locator('a[href="/streams/read-texts"]');
    await annotate.waitFor();
    expect(await annotate.textContent()).toBe('read-texts: annotate');
    expect(await stream.locator('[data-column="remaining"]').textContent()).toBe('3');
    expect(await page.getByRole('link', { name: 'New stream' }).count()).toBeGreaterThan(0);

    // Counts move without a reload while annotators work.
    const answers = page.locator('tr[data-dataset="sms"] [data-column="answers"]');
    expect(await answers.textContent()).toBe('2');
    await importFile(
      server!.url,
      'dataset',
      'sms',
      await file('more.jsonl', jsonl([{ text: 'Are you home?', cats: { SPAM: 0, HAM: 1 } }])),
    );
    await page.waitForFunction(
      () =>
        document.querySelector('tr[data-dataset="sms"] [data-column="answers"]')?.textContent ===
        '3',
      undefined,
      { timeout: 15_000 },
    );

    // On a phone the page is long: the browser's own jump, made before the sections have
    // their rows, would leave the Sources heading far below the screen.
    const phone = await browser!.newPage({ viewport: VIEWPORTS.phone });
    await phone.goto(`${web!.url}/#sources`);
    await phone.locator('tr[data-source="texts"]').waitFor();
    await phone.locator('tr[data-stream="read-texts"]').waitFor();
    await phone.waitForTimeout(500);
    const heading = await phone.getByRole('heading', { name: 'Sources' }).boundingBox();
    const scroll = await phone.evaluate(() => ({
      y: window.scrollY,
      atBottom: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1,
    }));
    expect(scroll.y).toBeGreaterThan(0);
    // At the top of the screen, or as near as the end of the page lets it come.
    expect(heading!.y).toBeGreaterThanOrEqual(0);
    expect(heading!.y < 80 || scroll.atBottom).toBe(true);
    expect(heading!.y + heading!.height).toBeLessThan(VIEWPORTS.phone.height);
    await phone.close();
  });

  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    it(`passes axe and fits the screen at ${viewport} size: /, a dataset, a source`, async () => {
      const context = await browser!.newContext({ viewport: VIEWPORTS[viewport] });
      const checked = await context.newPage();
      try {
        for (const [name, url, ready] of [
          ['overview', '/', 'tr[data-stream="read-texts"]'],
          ['dataset', '/datasets/agreed', 'table[aria-label="Annotations"] tbody tr'],
          ['dataset-textcat', '/datasets/sms', '.cat-chip'],
          ['source', '/sources/texts', '.row-number'],
        ] as const) {
          await checked.goto(`${web!.url}${url}`);
          await checked.locator(ready).first().waitFor();
          expect(await seriousViolations(checked), `${name} at ${viewport}`).toEqual([]);
          const overflow = await checked.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${name} is wider than the screen at ${viewport}`).toBeLessThanOrEqual(
            0,
          );
          await saveScreenshot(checked, name);
        }
      } finally {
        await context.close();
      }
    });
  }
});
