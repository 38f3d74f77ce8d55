import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

// Relative asset URLs, so the host can mount the page under any prefix; hashed names for long caching.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  // React's production build even when built from a test run (Build.ts also sets NODE_ENV for the plugins).
  mode: "production",
  plugins: [react()],
  build: {
    // Inside the package's dist/ (shipped), beside the compiled modules in dist/src.
    outDir: "dist/page",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // The budget is on gzipped size (bench/settings-page.ts measures it), not on minified bytes.
    chunkSizeWarningLimit: 1_000,
    assetsDir: "assets"
  }
})
