import { data, Link } from "react-router";
import {
  countProvisionOpinionsByReading,
  listProvisionAcrossVersions,
} from "../../db/queries/participation.ts";
import { opinionListsByReading } from "../../db/queries/opinion-changes.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { diffTexts, type DiffOp } from "../../editor/compare/diff.ts";
import { serverSegmenter } from "../../services/comparison.ts";
import { requireBill } from "../auth/bills.server.ts";
import { provisionAnchor } from "../components/legal-text.tsx";
import { localizedLabel } from "../../editor/labels.ts";
import { DiffText } from "../components/text-diff.tsx";
import { requestLocale, requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/lineage";

/** One provision's text at every reading of its bill, with what changed from the reading before. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const versions = await listVersions(context.db, bill.id);
  const rows = await listProvisionAcrossVersions(
    context.db,
    params.pid,
    versions.map((v) => v.id),
  );
  if (rows.length === 0)
    throw data({ message: requestTranslator(request)("lineage.notFound") }, { status: 404 });
  // Opinions given on this provision at each reading, and how they were handled.
  const opinions = await countProvisionOpinionsByReading(context.db, params.pid);
  const lists = await opinionListsByReading(context.db, params.pid);
  let previous: string | null = null;
  const readings = versions.map((v) => {
    const row = rows.find((r) => r.version_id === v.id);
    let ops: DiffOp[] | null = null;
    if (row) {
      ops =
        previous === null
          ? [{ op: "equal", text: row.text }]
          : diffTexts(previous, row.text, serverSegmenter());
      previous = row.text;
    }
    const counts = opinions.filter((o) => o.version_id === v.id);
    return {
      versionId: v.id,
      label: v.label,
      provisionLabel: row?.label ?? null,
      ops,
      opinions: counts.reduce((n, c) => n + Number(c.n), 0),
      // The public list of those opinions (the count links to it).
      opinionList: lists.has(v.id)
        ? `/consultations/${lists.get(v.id)}/provisions/${encodeURIComponent(params.pid)}`
        : null,
      dispositions: counts
        .filter((c) => c.code)
        .map((c) => ({ code: c.code!, count: Number(c.n) })),
    };
  });
  const latest = [...readings].reverse().find((r) => r.provisionLabel);
  return {
    bill: { id: bill.id, title: bill.title },
    pid: params.pid,
    label: latest?.provisionLabel ?? "",
    title: `${requestTranslator(request)("lineage.title", { label: localizedLabel(latest?.provisionLabel ?? "", requestLocale(request)) })} · ${bill.title}`,
    readings,
  };
}

export default function Lineage({ loaderData }: Route.ComponentProps) {
  const { t, label: localLabel } = useI18n();
  const { bill, pid, readings } = loaderData;
  const label = localLabel(loaderData.label);
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to={`/bills/${bill.id}/compare`}>{bill.title}</Link>
      </p>
      <h1>{t("lineage.title", { label })}</h1>
      <ol className="plain-list lineage">
        {readings.map((r) => (
          <li key={r.versionId} className="card lineage-reading">
            <h2 className="card-title">
              <Link to={`/bills/${bill.id}/versions/${r.versionId}#${provisionAnchor(pid)}`}>
                {t(`version.${r.label}`)}
                {r.provisionLabel ? ` · ${localLabel(r.provisionLabel)}` : ""}
              </Link>
            </h2>
            {r.ops ? <DiffText ops={r.ops} /> : <p className="muted">{t("lineage.absent")}</p>}
            <p className="card-meta">
              {r.opinionList && r.opinions > 0 ? (
                <Link
                  to={r.opinionList}
                  aria-label={t("lineage.opinionsOf", {
                    count: r.opinions,
                    reading: t(`version.${r.label}`),
                  })}
                >
                  {t("lineage.opinions", { count: r.opinions })}
                </Link>
              ) : (
                <span>{t("lineage.opinions", { count: r.opinions })}</span>
              )}
              {r.dispositions.map((d) => (
                <span key={d.code}>
                  {t(`disposition.${d.code}`)} {d.count}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
