import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console: built into dist/web, served by the Fastify server; in development Vite proxies /api.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/print': 'http://127.0.0.1:3000', '/scan': 'http://127.0.0.1:3000' } },
});
