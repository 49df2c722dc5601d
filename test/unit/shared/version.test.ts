import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_VERSION } from '../../../src-main/shared/version';
import { VERSION } from '../../../src-main/cli/main';

describe('the console version', () => {
  it('is package.json’s, and the one govcon --version prints', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(CONSOLE_VERSION).toBe(pkg.version);
    expect(VERSION).toBe(CONSOLE_VERSION);
  });
});
