import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { precompressAssets, recordBuildInputs } from "./server/build.ts";

export default defineConfig({
  // recordBuildInputs lists the files each bundle was made from, so `npm start` knows when the
  // build is stale; precompressAssets writes each client asset's .br and .gz (server/build.ts).
  plugins: [reactRouter(), recordBuildInputs(), precompressAssets()],
  build: { chunkSizeWarningLimit: 1500 },
});
