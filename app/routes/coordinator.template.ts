import { listSubmissions, reportActivities, reportState } from "../../db/queries/contact-points.ts";
import { opinionTemplateXlsx } from "../../services/documents/opinion-template-xlsx.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import type { Route } from "./+types/coordinator.template";

/** The XLSX template of the opinion import, listing the activities of the point's draft report. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const { draft } = reportState(await listSubmissions(context.db, point.id, params.id));
  const activities = draft ? await reportActivities(context.db, draft.id) : [];
  const bytes = await opinionTemplateXlsx(activities);
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent("意见导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
