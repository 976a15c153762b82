/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The dashboard is served by the taskclf server from src/taskclf/api/static/.
// The build must be byte-reproducible: the committed output is diffed against a fresh build.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../src/taskclf/api/static',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
