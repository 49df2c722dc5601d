#!/usr/bin/env node
/**
 * Renders resources/icon.svg to the PNGs electron-builder and the window use:
 * resources/icons/<n>x<n>.png for every size in SIZES (Linux takes the folder as its icon set)
 * and resources/icon.png at 1024 px (macOS and Windows: electron-builder makes .icns/.ico from it).
 *
 * Chromium draws the SVG at each size itself rather than scaling one large bitmap down, so small
 * sizes stay sharp and the SVG's size media query (the simplified mark below 48 px) applies.
 * Run after editing the SVG: `node scripts/render-icons.mjs`; the PNGs are committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const root = path.resolve(import.meta.dirname, '..');
const svgFile = path.join(root, 'resources/icon.svg');
const outDir = path.join(root, 'resources/icons');

const svg = fs.readFileSync(svgFile);
const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  // One CSS pixel per device pixel, so an <img> of n px is an n-px PNG.
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img id="icon" src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('#icon').evaluate((img) => img.decode());
    // omitBackground keeps everything outside the tile's rounded corners transparent.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true });
    const file = path.join(outDir, `${size}x${size}.png`);
    fs.writeFileSync(file, png);
    if (size === 1024) fs.copyFileSync(file, path.join(root, 'resources/icon.png'));
    process.stdout.write(`${path.relative(root, file)}\n`);
  }
  process.stdout.write('resources/icon.png (1024)\n');
} finally {
  await browser.close();
}
