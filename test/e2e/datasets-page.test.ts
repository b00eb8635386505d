import { DatasetAnnotationsDocument, DatasetDocument, DatasetKind } from '@chorus/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONLL_GOLD_SAMPLE } from '../support/samples.js';
import { launchChromium } from '../support/browser.js';
import { graphql, importFile, type ImportSummary } from '../support/chorus-api.js';
import { startServer, startWeb, type ChorusServer, type WebApp } from '../support/processes.js';

const DATASET = 'conll-dev';

/** The app shows counts as en-US numbers: 3,233. */
const shown = (n: number) => new Intl.NumberFormat('en-US').format(n);

describe('the datasets pages, in Chromium against a real server', () => {
  let server: ChorusServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let imported: ImportSummary;

  beforeAll(async () => {
    server = await startServer();
    imported = await importFile(server.url, 'dataset', DATASET, CONLL_GOLD_SAMPLE);
    web = await startWeb({ apiUrl: server.url });
    const chromium = await launchChromium();
    browser = chromium;
    page = await chromium.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  it('is pointed at the API at run time, not at the URL the build saw', async () => {
    await page.goto(web!.url);
    expect(await page.locator('html').getAttribute('data-chorus-api')).toBe(server!.url);
  });

  it('lists the imported dataset with the number of answers the import inserted', async () => {
    await page.goto(web!.url);
    const row = page.locator(`tr[data-dataset="${DATASET}"]`);
    await row.getByRole('link', { name: DATASET }).waitFor();
    await row.getByText(shown(imported.inserted), { exact: true }).waitFor();
    expect(imported.inserted).toBeGreaterThan(500);
    expect(await row.textContent()).toContain('Named entities');
    for (const label of ['LOC', 'MISC', 'ORG', 'PER']) {
      await row.getByText(label, { exact: true }).waitFor();
    }
  });

  it('opens the dataset: counts by label, and the first answer with its spans highlighted', async () => {
    const { dataset } = await graphql(server!.url, DatasetDocument, { name: DATASET });
    const { dataset: firstPage } = await graphql(server!.url, DatasetAnnotationsDocument, {
      name: DATASET,
      first: 1,
    });
    const first = firstPage.annotations.edges[0]!.node.task as {
      text: string;
      spans: { start: number; end: number; label: string }[];
    };

    await page.goto(web!.url);
    await page.getByRole('link', { name: DATASET, exact: true }).click();
    await page.waitForURL(`**/datasets/${DATASET}`);

    const byLabel = page.getByRole('table', { name: 'By label' });
    await byLabel.waitFor();
    expect(dataset.counts.byLabel.length).toBeGreaterThan(0);
    for (const { label, count } of dataset.counts.byLabel) {
      const row = byLabel.locator(`tr[data-count="${label}"]`);
      expect(await row.locator('td').textContent()).toBe(shown(count));
    }

    const firstRow = page.getByRole('table', { name: 'Annotations' }).locator('tbody tr').first();
    await firstRow.waitFor();
    expect(await firstRow.locator('.task-text mark').count()).toBe(first.spans.length);
    // Each span's label is its own text, after the entity: "EU, ORG," not "EUORG".
    const spoken = [...first.spans]
      .sort((a, b) => b.end - a.end)
      .reduce(
        (text, span) => `${text.slice(0, span.end)}, ${span.label},${text.slice(span.end)}`,
        first.text,
      );
    expect(await firstRow.locator('.task-text').textContent()).toBe(spoken);
    await page.getByText(`Rows 1–50 of ${shown(imported.inserted)}`).waitFor();

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`Rows 51–100 of ${shown(imported.inserted)}`).waitFor();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText(`Rows 1–50 of ${shown(imported.inserted)}`).waitFor();

    const exportLink = page.getByRole('link', { name: /^Export JSONL/ });
    expect(await exportLink.getAttribute('href')).toBe(
      `${server!.url}/api/datasets/${DATASET}/export.jsonl`,
    );
    await page.getByLabel('Answer', { exact: true }).selectOption('reject');
    await page.getByText('No annotations match these filters.').waitFor();
    expect(await exportLink.getAttribute('href')).toBe(
      `${server!.url}/api/datasets/${DATASET}/export.jsonl?answer=reject`,
    );
  });

  it('creates a dataset with the form, then deletes it once its name is typed again', async () => {
    const name = 'e2e-created';
    await page.goto(web!.url);
    await page.locator('form[data-ready="true"]').waitFor();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind').selectOption(DatasetKind.textcat);
    await page.getByLabel('Labels').fill('POSITIVE, NEGATIVE ,');
    await page.getByRole('button', { name: 'Create dataset' }).click();

    const row = page.locator(`tr[data-dataset="${name}"]`);
    await row.getByRole('link', { name }).waitFor();
    expect(await row.textContent()).toContain('Text classification');
    // In the order typed, not sorted.
    await row.getByText('POSITIVE', { exact: true }).waitFor();
    expect(await row.locator('.label-chip').allTextContents()).toEqual(['POSITIVE', 'NEGATIVE']);
    expect(await row.locator('[data-column="answers"]').textContent()).toBe('0');

    await row.getByRole('link', { name }).click();
    await page.waitForURL(`**/datasets/${name}`);
    const confirm = page.getByLabel(`Type ${name} to confirm`);
    const remove = page.getByRole('button', { name: 'Delete dataset' });
    await confirm.fill(name.slice(0, -1));
    expect(await remove.isDisabled()).toBe(true);
    await confirm.fill(name);
    await remove.click();

    await page.waitForURL((url) => url.pathname === '/');
    await page.locator(`tr[data-dataset="${DATASET}"]`).waitFor();
    expect(await page.locator(`tr[data-dataset="${name}"]`).count()).toBe(0);
    await expect(graphql(server!.url, DatasetDocument, { name })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('says it cannot reach the API when the API does not answer', async () => {
    const offline = await browser!.newPage();
    await offline.route('**/graphql', (route) => route.abort('connectionrefused'));
    await offline.goto(web!.url);
    await offline
      .getByRole('alert')
      .getByText(`Cannot reach the Chorus API at ${server!.url}`)
      .first()
      .waitFor();
    await offline.close();
  });
});
