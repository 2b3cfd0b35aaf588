import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The dev server forwards /api to the gateway (override with OPORA_API_URL).
const apiTarget = process.env.OPORA_API_URL || 'http://127.0.0.1:8000'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each screen needs, read by bench/bundle.py to print the sizes.
    manifest: true,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.js'],
    setupFiles: ['tests/unit/setup.js'],
    // One module graph and one jsdom per worker for all the files it runs: with a fresh jsdom and fresh imports
    // per file the suite took 33 CPU-s here, without them 11. What a module keeps between tests is reset in
    // setup.js; the files and their tests pass in any order (`vitest run --sequence.shuffle`).
    isolate: false,
    restoreMocks: true,
    unstubGlobals: true,
    // A hang guard, never a speed check: `make test` runs every leg at once, and on a loaded 2-core machine a
    // test that mounts the router and its views can take longer than vitest's default 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
