import { openApiDocument } from "../api/openapi.ts";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 description of the public API. */
export function loader() {
  return Response.json(openApiDocument, {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
