// A small checker of JSON values against the schemas of our OpenAPI document: the keywords the
// document uses (type with null, enum, required, properties, additionalProperties, propertyNames,
// items, $ref, string lengths, integer bounds, date-time). No dependency; enough to tell whether
// a real answer has the documented shape.

type Schema = Record<string, unknown>;

export function checkSchema(
  document: { components: { schemas: Record<string, unknown> } },
  schema: Schema,
  value: unknown,
  path = "$",
): string[] {
  const problems: string[] = [];
  const check = (s: Schema, v: unknown, at: string): void => {
    if (typeof s.$ref === "string") {
      const name = s.$ref.replace("#/components/schemas/", "");
      const target = document.components.schemas[name] as Schema | undefined;
      if (!target) problems.push(`${at}: unresolved ${s.$ref}`);
      else check(target, v, at);
      return;
    }
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    if (types.length) {
      const actual =
        v === null
          ? "null"
          : Array.isArray(v)
            ? "array"
            : typeof v === "number" && Number.isInteger(v)
              ? "integer"
              : typeof v;
      const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
      if (!ok) {
        problems.push(`${at}: expected ${types.join("|")}, got ${actual}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.includes(v))
      problems.push(`${at}: ${JSON.stringify(v)} not in ${JSON.stringify(s.enum)}`);
    if (typeof v === "string") {
      if (typeof s.minLength === "number" && v.length < s.minLength)
        problems.push(`${at}: shorter than ${s.minLength}`);
      if (typeof s.maxLength === "number" && v.length > s.maxLength)
        problems.push(`${at}: longer than ${s.maxLength}`);
      if (
        s.format === "date-time" &&
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)
      )
        problems.push(`${at}: not a date-time with offset: ${v}`);
    }
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) problems.push(`${at}: below minimum`);
      if (typeof s.maximum === "number" && v > s.maximum) problems.push(`${at}: above maximum`);
    }
    if (Array.isArray(v) && s.items)
      v.forEach((item, i) => check(s.items as Schema, item, `${at}[${i}]`));
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required ?? []) as string[])
        if (!(key in obj)) problems.push(`${at}: missing required ${key}`);
      for (const [key, item] of Object.entries(obj)) {
        if (s.propertyNames) check(s.propertyNames as Schema, key, `${at} key ${key}`);
        if (props[key]) check(props[key], item, `${at}.${key}`);
        else if (s.additionalProperties === false) problems.push(`${at}: unexpected ${key}`);
        else if (s.additionalProperties && typeof s.additionalProperties === "object")
          check(s.additionalProperties as Schema, item, `${at}.${key}`);
      }
    }
  };
  check(schema, value, path);
  return problems;
}

/** Every $ref in a document, for checking that each resolves. */
export function allRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allRefs(v, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else allRefs(v, out);
    }
  return out;
}
