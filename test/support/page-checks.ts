import { AxeBuilder } from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './processes.js';

/** Where e2e runs leave their screenshots: look at them, CI keeps them as artifacts. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test/artifacts/screenshots');

/** The two sizes every page is checked at: a laptop and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** One axe violation the tests refuse, with enough to find it in the page. */
export interface SeriousViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe (WCAG 2.x A and AA rules) on the page as it is now and returns the serious and
 * critical violations; tests expect none.
 */
export async function seriousViolations(page: Page): Promise<SeriousViolation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Saves a full-page screenshot as `<name>-<viewport>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  const suffix = size && size.width <= VIEWPORTS.phone.width ? 'phone' : 'desktop';
  const file = path.join(SCREENSHOT_DIR, `${name}-${suffix}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
