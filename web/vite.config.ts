/**
 * The admin panel's build: `web/` → `web/dist`, hashed files under /assets. Nothing may end up
 * inline in index.html, since the server's Content-Security-Policy allows scripts and styles from
 * 'self' only (see src/adapters/http/webUi.ts).
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    // A data: URL font or script would be refused by the CSP; keep every asset a file.
    assetsInlineLimit: 0,
    // The polyfill is only for old browsers and is the one thing Vite might otherwise inline.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    // `npm run build:web -- --watch` or `vite --config web/vite.config.ts` against `npm start` on :3000.
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
