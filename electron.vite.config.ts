import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          // Beside index.js, where run-in-worker.ts looks for it.
          'integrity-worker': resolve('src-main/integrity-worker.ts'),
          // The command line (bin/govcon.mjs), built from the same services.
          govcon: resolve('src-main/cli/govcon.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle its dependencies in.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('src-main/preload.ts') },
        // A sandboxed preload must be one CommonJS file: no ES modules, no chunks.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [react()],
  },
});
