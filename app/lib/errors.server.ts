// The refusal helpers are isomorphic (app/lib/errors.ts); this name is kept for server modules.
export * from "./errors.ts";
