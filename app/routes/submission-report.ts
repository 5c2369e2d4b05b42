import { data } from "react-router";
import { versionLabelNames } from "../../db/codes.ts";
import {
  isReplaced,
  reportContents,
  submissionForReport,
} from "../../db/queries/contact-points.ts";
import { submissionDocx } from "../../services/documents/submission-docx.ts";
import { forbidden, hasRole, requireUser } from "../auth/permissions.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/submission-report";

const KIND: Record<string, string> = {
  symposium: "座谈会",
  visit: "走访调研",
  questionnaire: "问卷",
  letter: "来信来函",
  other: "其他",
};
const DISPOSITION: Record<string, string> = {
  adopted: "采纳",
  partly_adopted: "部分采纳",
  not_adopted: "未采纳",
  already_covered: "已有规定",
  out_of_scope: "不属于本法规调整范围",
  for_reference: "研究参考",
};
const STATUS: Record<string, string> = {
  draft: "草稿（未报送）",
  submitted: "已报送",
  received: "已接收",
};

/**
 * The report of a contact point as a .docx 意见汇总表: for its coordinator (also while a draft)
 * and for the drafters of the bill (once submitted).
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const user = await requireUser(request, context);
  const submission = await submissionForReport(context.db, params.submissionId);
  if (!submission) throw data({ message: t("error.notFound") }, { status: 404 });
  const isCoordinator = user.memberships.some(
    (m) => m.role === "coordinator" && m.contactPointId === submission.contact_point_id,
  );
  const isDrafter =
    submission.status !== "draft" && hasRole(user, ["drafter", "admin"], submission.organizationId);
  if (!isCoordinator && !isDrafter) throw forbidden(request);
  const { activities, opinions } = await reportContents(context.db, submission.id);
  const replacedBy = await isReplaced(context.db, submission.id);
  const activityName = new Map(
    activities.map((a) => [
      a.id,
      // Time, title and host tell apart two activities of one day and place (issue 18).
      `${a.held_on}${a.start_time ? ` ${a.start_time}` : ""} ${KIND[a.kind] ?? a.kind}${a.title ? `「${a.title}」` : ""}${a.place ? `（${a.place}）` : ""}${a.host ? `，主持：${a.host}` : ""}`,
    ]),
  );
  const day = (d: Date | null) =>
    d
      ? new Intl.DateTimeFormat("zh-CN", {
          timeZone: context.timeZone,
          year: "numeric",
          month: "long",
          day: "numeric",
        }).format(d)
      : "";
  const bytes = await submissionDocx({
    billTitle: `${submission.billTitle}（${versionLabelNames[submission.versionLabel]}）`,
    pointName: submission.pointName,
    statusLine: `状态：${STATUS[submission.status]}${submission.submitted_at ? `\u3000报送日期：${day(submission.submitted_at)}` : ""}${submission.replaces_id ? "\u3000（更正报送，替代此前报送的意见汇总表）" : ""}${replacedBy ? "\u3000（已被更正报送替代）" : ""}`,
    activities: activities.map(
      (a) => `${activityName.get(a.id)}，参加 ${a.headcount} 人${a.notes ? `。${a.notes}` : ""}`,
    ),
    rows: opinions.map((o) => ({
      target: o.provisionLabel ?? "草案整体",
      body: o.body,
      proposed: o.proposed_text ?? "",
      activity: (o.activity_id && activityName.get(o.activity_id)) || "",
      headcount: o.headcount,
      handling: o.dispositionCode
        ? `${DISPOSITION[o.dispositionCode]}${o.dispositionReason ? `：${o.dispositionReason}` : ""}`
        : undefined,
    })),
  });
  const name = `${submission.pointName}意见汇总表`;
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(`${name}.docx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
