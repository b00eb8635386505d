import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { importFile } from '../support/chorus-api.js';
import { saveScreenshot, seriousViolations, VIEWPORTS } from '../support/page-checks.js';
import { startServer, startWeb, type ChorusServer, type WebApp } from '../support/processes.js';

const NER = [
  { text: 'Ada met Alan', spans: [{ start: 0, end: 3, label: 'PER' }], _session_id: 'alice' },
  { text: 'Alan left', spans: [{ start: 0, end: 4, label: 'PER' }], _session_id: 'bob' },
];
const TEXTCAT = [
  { text: '=HYPERLINK("http://x")', cats: { SPAM: 1 } },
  { text: 'lunch at noon?', cats: { SPAM: 0 } },
];

describe('the dataset export button, in Chromium against a real server', () => {
  let server: ChorusServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string;

  beforeAll(async () => {
    server = await startServer();
    folder = await mkdtemp(path.join(os.tmpdir(), 'chorus-e2e-export-'));
    for (const [name, records] of [
      ['export-ner', NER],
      ['export-sms', TEXTCAT],
    ] as const) {
      const file = path.join(folder, `${name}.jsonl`);
      await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n'));
      await importFile(server.url, 'dataset', name, file);
    }
    web = await startWeb({ apiUrl: server.url });
    browser = await launchChromium();
    // axe needs a page of a context of its own.
    page = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const formats = () =>
    page.getByRole('combobox', { name: 'Format' }).locator('option').allTextContents();

  it("offers the formats a NER dataset can hold, and the link exports the chosen one with the page's filters", async () => {
    await page.goto(`${web!.url}/datasets/export-ner`);
    await page.getByRole('link', { name: /^Export JSONL/ }).waitFor();
    expect(await formats()).toEqual([
      'Prodigy JSONL (every answer)',
      'spaCy JSONL (gold per text)',
      'CoNLL / IOB2 (gold per text)',
    ]);
    await page.getByRole('combobox', { name: 'Session' }).selectOption('bob');
    await page.getByRole('combobox', { name: 'Format' }).selectOption('conll');
    const link = page.getByRole('link', { name: /^Export CoNLL/ });
    const href = await link.getAttribute('href');
    expect(href).toBe(`${server!.url}/api/datasets/export-ner/export?format=conll&session=bob`);
    expect(await link.getAttribute('download')).toBe('export-ner.conll');
    expect(await (await fetch(href!)).text()).toBe('Alan B-PER\nleft O\n\n');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'dataset-export-ner');
  });

  it('offers CSV, not CoNLL, for a textcat dataset, with formulas neutralised', async () => {
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.phone]) {
      await page.setViewportSize(viewport);
      await page.goto(`${web!.url}/datasets/export-sms`);
      await page.getByRole('link', { name: /^Export JSONL/ }).waitFor();
      expect(await formats()).toEqual([
        'Prodigy JSONL (every answer)',
        'spaCy JSONL (gold per text)',
        'CSV (gold, a column per label)',
      ]);
      await page.getByRole('combobox', { name: 'Format' }).selectOption('csv');
      const href = await page.getByRole('link', { name: /^Export CSV/ }).getAttribute('href');
      expect(await (await fetch(href!)).text()).toBe(
        'text,cats.SPAM\r\n"\'=HYPERLINK(""http://x"")",1\r\nlunch at noon?,0\r\n',
      );
      expect(await seriousViolations(page)).toEqual([]);
      // The format list fits the screen: the page never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await saveScreenshot(page, 'dataset-export-textcat');
    }
  });
});
