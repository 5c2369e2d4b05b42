import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { recordBuildInputs } from "./server/build.ts";

export default defineConfig({
  // recordBuildInputs lists the files each bundle was made from, so `npm start` knows when the
  // build is stale (server/build.ts).
  plugins: [reactRouter(), recordBuildInputs()],
  build: { chunkSizeWarningLimit: 1500 },
});
