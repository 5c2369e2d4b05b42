// Lint: ESLint's and typescript-eslint's recommended rules, and the React hooks rules on the
// app's components. `npm run lint`. Formatting is Prettier's business, not the linter's.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    "build/",
    ".react-router/",
    ".data/",
    ".tmp/",
    "node_modules/",
    "tests/fixtures/",
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["app/**/*.{ts,tsx}", "editor/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["app/**/*.tsx"],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    // Migrations are frozen and typed over Kysely<any> on purpose: they must not follow the
    // schema types of later versions (STYLE.md, Kysely's own advice).
    files: ["db/migrations/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests read answers and documents whose shape they are checking; `any` there is the point.
    files: ["tests/**/*.ts", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    rules: {
      // Chinese official text is typeset with the ideographic space U+3000 (第一条　text, 总　　则):
      // it belongs in strings, templates, patterns and comments, never between tokens.
      "no-irregular-whitespace": [
        "error",
        {
          skipStrings: true,
          skipComments: true,
          skipTemplates: true,
          skipRegExps: true,
          skipJSXText: true,
        },
      ],
      // `_name` says "deliberately unused" (a parameter a signature requires, a skipped element).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
]);
