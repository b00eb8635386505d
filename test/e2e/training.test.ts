import {
  ModelVersionDocument,
  StartTrainingRunDocument,
  TrainingRunDocument,
} from '@chorus/schema';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONLL_GOLD_SAMPLE } from '../support/samples.js';
import { launchChromium } from '../support/browser.js';
import { graphql, importFile } from '../support/chorus-api.js';
import { saveScreenshot, seriousViolations, VIEWPORTS } from '../support/page-checks.js';
import { startServer, startWeb, type ChorusServer, type WebApp } from '../support/processes.js';

const DATASET = 'conll-sample';
const EPOCHS = 4;

/** Checks the page at both sizes: no serious axe violation, and a screenshot to look at. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const viewport of Object.values(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, name);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

describe('the training dashboard and the models page, in Chromium against a real server', () => {
  let server: ChorusServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string | undefined;
  let runId: string;

  beforeAll(async () => {
    // 300 sentences of CoNLL-2003 dev: a few seconds an epoch, enough for real scores.
    folder = await mkdtemp(path.join(os.tmpdir(), 'chorus-training-'));
    const sample = path.join(folder, 'conll-sample.jsonl');
    const lines = (await readFile(CONLL_GOLD_SAMPLE, 'utf8')).split('\n').slice(0, 300);
    await writeFile(sample, `${lines.join('\n')}\n`);
    server = await startServer();
    await importFile(server.url, 'dataset', DATASET, sample);
    web = await startWeb({ apiUrl: server.url });
    browser = await launchChromium();
    // axe needs a page of an explicit context.
    page = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('starts a run from the form, shows its epochs as they finish, and links the version it publishes', async () => {
    await page.goto(`${web!.url}/training`);
    await page.getByText('No training runs yet', { exact: false }).waitFor();
    await page.locator('form[data-ready="true"]').waitFor();
    await checkPage(page, 'training-empty');

    await page.getByRole('checkbox', { name: new RegExp(DATASET) }).check();
    const epochs = page.getByLabel('Epochs');
    await epochs.focus();
    await page.keyboard.type(String(EPOCHS));
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/training\/\d+$/);
    runId = page.url().split('/').at(-1)!;
    const epochTable = page.getByRole('table', { name: 'Epochs' });
    // Live: the first epoch is in the table while the run still goes on.
    await epochTable.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    const { trainingRun: midway } = await graphql(server!.url, TrainingRunDocument, { id: runId });
    expect(midway.epochs).toBe(EPOCHS);

    await page.getByText('succeeded', { exact: true }).first().waitFor({ timeout: 90_000 });
    expect(await epochTable.locator('tbody tr').count()).toBe(EPOCHS);
    const { trainingRun: run } = await graphql(server!.url, TrainingRunDocument, { id: runId });
    expect(run.status).toBe('succeeded');
    const best = run.epochResults.find((e) => e.epoch === run.bestEpoch)!;
    await epochTable.locator('tr.best-row').getByText(best.f1.toFixed(3)).waitFor();
    const labels = page.getByRole('table', { name: /Eval scores at epoch/ });
    for (const label of ['LOC', 'MISC', 'ORG', 'PER'])
      await labels.getByRole('rowheader', { name: label }).waitFor();
    const versionLink = page.getByRole('link', { name: `v${run.modelVersionId}` });
    await versionLink.waitFor();
    await checkPage(page, 'training-run');

    await versionLink.click();
    await page.waitForURL(/\/models/);
    const row = page.locator(`tr[data-version="${run.modelVersionId}"]`);
    await row.waitFor();
    const { modelVersion } = await graphql(server!.url, ModelVersionDocument, {
      id: String(run.modelVersionId),
    });
    expect(modelVersion.datasets).toEqual([DATASET]);
    await row.getByText(modelVersion.f1!.toFixed(3), { exact: true }).waitFor();
    await row.getByRole('link', { name: `run ${runId}` }).waitFor();
    await checkPage(page, 'models');
  });

  it('lists the run with its status, epochs and best F1', async () => {
    await page.goto(`${web!.url}/training`);
    const row = page.locator(`tr[data-run="${runId}"]`);
    await row.getByText('succeeded', { exact: true }).waitFor();
    await row.getByText(`${EPOCHS} / ${EPOCHS}`).waitFor();
    await checkPage(page, 'training');
  });

  it('reads a train curve in one line', async () => {
    const { startTrainingRun } = await graphql(server!.url, StartTrainingRunDocument, {
      input: { datasets: [DATASET], epochs: 2, curve: true },
    });
    await page.goto(`${web!.url}/training/${startTrainingRun.id}`);
    const curve = page.getByRole('table', { name: 'Train curve' });
    await curve.waitFor({ timeout: 90_000 });
    for (const share of ['25 %', '50 %', '75 %', '100 %'])
      await curve.getByRole('rowheader', { name: share }).waitFor();
    const reading = await page.locator('.curve-reading').textContent();
    expect(reading).toMatch(/^(Still rising|Flat|Lower) at 100 %/);
    await checkPage(page, 'training-curve');
  });
});
