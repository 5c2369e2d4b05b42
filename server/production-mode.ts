// Imported first by server/server.ts, before anything loads React: React picks its development
// or production build when it is first loaded, from NODE_ENV. Unset, it loaded the development
// builds, which check every element and made a page cost about three times its CPU (the profile
// of issue 13); set after React was loaded, React Router's and React DOM's copies disagree.
// A test run (NODE_ENV=test) or an explicit setting is kept.
import { defaultToProductionMode } from "../config/env.ts";

defaultToProductionMode();
