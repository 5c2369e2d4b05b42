// The layering of DESIGN.md ("The shape of the system"), checked by `npm run boundaries`.
// Arrows point the way imports may go:
//   editor/ ← db/ ← search/ ← services/ ← app/ ; server/ (the HTTP entry) and cli/ on top;
//   config/ is read by everyone and reads nothing of the app.
// Tests may import anything (they test it); nothing else imports app/ or server/.
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
        "app/ (routes, components, sessions) is the top layer: pass what a lower layer needs as an argument, or move it down.",
      from: { pathNot: "^(app|tests)/" },
      to: { path: "^app/" },
    },
    {
      name: "nothing-imports-server",
      severity: "error",
      comment:
        "server/ is the HTTP entry; only the command that starts it (cli/) and the tests may import it.",
      from: { pathNot: "^(server|cli|tests)/" },
      to: { path: "^server/" },
    },
    {
      name: "services-not-above",
      severity: "error",
      comment: "services/ hold the writes under app/: they never import app/, server/ or cli/.",
      from: { path: "^services/" },
      to: { path: "^(app|server|cli)/" },
    },
    {
      name: "search-not-above",
      severity: "error",
      comment: "search/ sits under services/: it imports db/ and editor/, not what is built on it.",
      from: { path: "^search/" },
      to: { path: "^(services|app|server|cli)/" },
    },
    {
      name: "db-imports-editor-types-at-most",
      severity: "error",
      comment:
        "db/ (schema, migrations, queries) imports only itself, config/ and editor/ types: no runtime code of the layers above.",
      from: { path: "^db/" },
      to: {
        path: "^(search|services|app|server|cli|bench|tests)/",
      },
    },
    {
      name: "db-editor-types-only",
      severity: "error",
      comment: "db/ may use the editor's types (a version's document), not its code.",
      from: { path: "^db/" },
      to: { path: "^editor/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "editor-pure",
      severity: "error",
      comment: "editor/ is pure and isomorphic: it imports none of the app's other folders.",
      from: { path: "^editor/" },
      to: { path: "^(db|search|services|app|server|cli|config|bench|tests)/" },
    },
    {
      name: "config-imports-nothing-of-the-app",
      severity: "error",
      comment: "config/ is read by every layer, so it reads none of them.",
      from: { path: "^config/" },
      to: { path: "^(editor|db|search|services|app|server|cli|bench|tests)/" },
    },
    {
      name: "bench-not-tests-or-cli",
      severity: "error",
      comment:
        "bench/ drives the app through its layers (or spawns `kaimen`); it does not borrow the tests' helpers or the CLI's internals.",
      from: { path: "^bench/" },
      to: { path: "^(tests|cli)/" },
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
