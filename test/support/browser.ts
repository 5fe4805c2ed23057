import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The portal's browser tests' tools: Chromium from @sparticuz/chromium driven by playwright-core,
 * axe-core's check, a phone-width check and screenshots at phone and desktop width
 * (DONDOC_SCREENSHOT_DIR, default a folder in the system's temp directory).
 */
const SHOTS = process.env.DONDOC_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'dondoc-portal-screenshots');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * One browser per person: this Chromium runs in single-process mode, where a second context in
 * one browser may crash it. `closeAll` ends every browser opened.
 */
export function browsers() {
  const open: Browser[] = [];
  return {
    async page(opts: { acceptDownloads?: boolean } = {}): Promise<Page> {
      const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
      open.push(browser);
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', ...opts });
      page.on('pageerror', (e) => process.stderr.write(`portal page error: ${e.message}\n`));
      return page;
    },
    async closeAll(): Promise<void> {
      for (const b of open) await b.close().catch(() => undefined);
    },
  };
}

/** No serious or critical accessibility violation on the page as it is. */
export async function checkA11y(page: Page, what: string): Promise<void> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(`axe.run().then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map((n) => n.target))))`)) as string[];
  expect(found, what).toEqual([]);
}

/** Nothing wider than a phone's screen: the elements that stick out, none expected. */
export async function fitsPhone(page: Page, what: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = (await page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.scroll'))
    .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)) as string[];
  expect(wide, what).toEqual([]);
}

/** The page at phone width and at desktop width. */
export async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}
