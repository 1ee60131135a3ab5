import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The runtime serves the built editor at / and the API at /api; in dev, Vite proxies /api to it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.SLUICE_PORT ?? 4311}` },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
