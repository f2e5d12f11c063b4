import { defineConfig } from "vite";

// Preact's JSX through esbuild: no plugin needed. `hotline serve` serves dist/ from the
// API's port; `npm run dev` would proxy the API to a running server on 8080.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true } } },
});
