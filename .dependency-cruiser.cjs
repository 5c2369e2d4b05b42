// The layering of DESIGN.md ("The shape of the system"), checked by `npm run boundaries`.
// Arrows point the way imports may go:
//   editor/ ← db/ ← search/ ← services/ ← app/ ← server/ (the HTTP entry) ← cli/ (the commands);
//   config/ is read by everyone and reads nothing of the app.
// Outside the app: tests (tests/ and any *.test.ts) may import anything, because they test it;
// bench/ drives the app's layers (server/ included) or spawns `kaimen`, but borrows neither the
// tests' helpers nor the CLI's internals; tools/ holds what tests and bench share (the Chromium
// launcher, the zip-bomb builder) and only they import it.
// A deliberate violation shows the check works: add `import "../../services/errors.ts";` to a
// file in db/queries/ and `npm run boundaries` fails (tests/unit/boundaries.test.ts does this).

/** Test files, wherever they sit: they may import anything. */
const TESTS = "(^tests/|\\.test\\.tsx?$)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split the shared part into a module both import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "nothing-imports-app",
      severity: "error",
      comment:
        "app/ (routes, components, sessions) sits under server/ only: pass what a lower layer needs as an argument, or move it down.",
      from: { path: "^", pathNot: [TESTS, "^(app|server|bench)/"] },
      to: { path: "^app/" },
    },
    {
      name: "nothing-imports-server",
      severity: "error",
      comment:
        "server/ is the HTTP entry; only the command that starts it (cli/), bench/ and the tests import it, and vite.config.ts its build-input recorder.",
      from: { path: "^", pathNot: [TESTS, "^(server|cli|bench)/", "^vite\\.config\\.ts$"] },
      to: { path: "^server/" },
    },
    {
      name: "server-not-cli",
      severity: "error",
      comment:
        "cli/ is on top of server/: the serve command calls server/start.ts, never the other way round.",
      from: { path: "^server/", pathNot: TESTS },
      to: { path: "^cli/" },
    },
    {
      name: "services-not-above",
      severity: "error",
      comment:
        "services/ hold the writes under app/: they never import app/, server/ or cli/ (services/context.ts says what they need of the server).",
      from: { path: "^services/", pathNot: TESTS },
      to: { path: "^(app|server|cli|bench|tests|tools)/" },
    },
    {
      name: "search-not-above",
      severity: "error",
      comment: "search/ sits under services/: it imports db/ and editor/, not what is built on it.",
      from: { path: "^search/", pathNot: TESTS },
      to: { path: "^(services|app|server|cli|bench|tests|tools)/" },
    },
    {
      name: "db-imports-editor-types-at-most",
      severity: "error",
      comment:
        "db/ (schema, migrations, queries) imports only itself, config/ and editor/ types: no runtime code of the layers above.",
      from: { path: "^db/", pathNot: TESTS },
      to: {
        path: "^(search|services|app|server|cli|bench|tests|tools)/",
      },
    },
    {
      name: "db-editor-types-only",
      severity: "error",
      comment: "db/ may use the editor's types (a version's document), not its code.",
      from: { path: "^db/", pathNot: TESTS },
      to: { path: "^editor/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "editor-pure",
      severity: "error",
      comment: "editor/ is pure and isomorphic: it imports none of the app's other folders.",
      from: { path: "^editor/", pathNot: TESTS },
      to: { path: "^(db|search|services|app|server|cli|config|bench|tests|tools)/" },
    },
    {
      name: "config-imports-nothing-of-the-app",
      severity: "error",
      comment: "config/ is read by every layer, so it reads none of them.",
      from: { path: "^config/", pathNot: TESTS },
      to: { path: "^(editor|db|search|services|app|server|cli|bench|tests|tools)/" },
    },
    {
      name: "bench-not-tests-or-cli",
      severity: "error",
      comment:
        "bench/ drives the app through its layers (or spawns `kaimen`); it does not borrow the tests' helpers or the CLI's internals (shared helpers live in tools/).",
      from: { path: "^bench/" },
      to: { path: "^(tests|cli)/" },
    },
    {
      name: "tools-for-tests-and-bench",
      severity: "error",
      comment: "tools/ holds what the tests and bench/ share; the app never uses it.",
      from: { path: "^", pathNot: [TESTS, "^(tools|bench)/"] },
      to: { path: "^tools/" },
    },
    {
      name: "tools-stand-alone",
      severity: "error",
      comment:
        "tools/ helpers stand on their own (config/ at most), so tests and bench share them freely.",
      from: { path: "^tools/" },
      to: { path: "^(editor|db|search|services|app|server|cli|bench|tests)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: {
      path: "^(build|\\.react-router|\\.data|\\.tmp|node_modules|tests/fixtures|public|docs)/",
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
