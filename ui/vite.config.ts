import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built UI is embedded in the `salesos` binary and loaded by the desktop
// shell, so asset paths are relative and nothing is fetched from elsewhere.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  // `npm run dev` talks to a running `salesos serve`: SALESOS_API=http://127.0.0.1:PORT
  // (open the dev page with the #token=... the server printed).
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: process.env.SALESOS_API ?? 'http://127.0.0.1:7420', changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
