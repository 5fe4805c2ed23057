import { defineConfig } from 'vite';

/** The portal: Preact with the automatic JSX runtime, no plugin needed. Built by the emulator on start. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', sourcemap: false, reportCompressedSize: false },
});
