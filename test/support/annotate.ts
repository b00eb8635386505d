import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** The annotate page's performance measure of "answer key → next task on screen". */
export const NEXT_TASK_MEASURE = 'chorus:next-task';

/** The hash of the task on screen, once one is there. */
export async function currentTaskHash(page: Page): Promise<number> {
  const card = page.locator('article[data-task-hash]');
  await card.waitFor();
  return Number(await card.getAttribute('data-task-hash'));
}

/**
 * Answers the task on screen with a key and waits until another task (or none) replaces it;
 * returns the hash of the task answered.
 */
export async function answerWithKey(page: Page, key: string): Promise<number> {
  const hash = await currentTaskHash(page);
  await page.keyboard.press(key);
  await page.waitForFunction((answered) => {
    const card = document.querySelector('article[data-task-hash]');
    return !card || Number(card.getAttribute('data-task-hash')) !== answered;
  }, hash);
  return hash;
}

/** Waits until the page says every answer has reached the server. */
export async function allAnswersSaved(page: Page): Promise<void> {
  await page.getByTestId('outbox').filter({ hasText: 'All answers saved' }).waitFor();
}

/** The next-task latencies (ms) the page measured so far. */
export function nextTaskLatencies(page: Page): Promise<number[]> {
  return page.evaluate(
    (name) => performance.getEntriesByName(name, 'measure').map((entry) => entry.duration),
    NEXT_TASK_MEASURE,
  );
}

/** The p-th percentile (0–100) of some numbers, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The JavaScript a first visit of `url` loads, gzipped as `next start` serves it: every script
 * the page requests from the app's own `/_next/static/`, read back from the build folder.
 */
export async function firstLoadJavaScript(
  page: Page,
  url: string,
  buildDir: string,
): Promise<{ files: number; gzipBytes: number }> {
  const scripts = new Set<string>();
  const collect = (request: { resourceType(): string; url(): string }) => {
    if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
  };
  page.on('request', collect);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.off('request', collect);
  let gzipBytes = 0;
  for (const script of scripts) {
    if (!script.startsWith('/_next/static/')) continue;
    const file = path.join(
      buildDir,
      'static',
      decodeURIComponent(script.slice('/_next/static/'.length)),
    );
    gzipBytes += gzipSync(await readFile(file), { level: 9 }).length;
  }
  return { files: scripts.size, gzipBytes };
}
