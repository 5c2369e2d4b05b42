import { data, Form, Link, useLocation, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { VersionLabel } from "../../db/codes.ts";
import { listVersions } from "../../db/queries/versions.ts";
import type { CompareKind } from "../../editor/compare/align.ts";
import type { DiffOp } from "../../editor/compare/diff.ts";
import { explainComparisonRow } from "../../services/comparison.ts";
import { comparisonView } from "../../services/comparison-view.ts";
import { requireBill, requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { provisionAnchor } from "../components/legal-text.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/compare";

const NoteSchema = z.object({
  rowKey: z.string().min(1).max(2000),
  note: textLines().max(5000),
});
// Any text is read here; a version that is not the bill's is refused below with its own message.
const CompareQuery = z.object({
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  // How the table is shown: anything else is the default, as the links never send it.
  view: z.enum(["table", "redline"]).catch("table"),
  changed: z
    .string()
    .optional()
    .transform((v) => v === "1"),
});

/**
 * Picks the two versions: ?from= and ?to=. The default pair is a reading and the one before
 * it: without ?to= the latest reading (or the one after ?from=), without ?from= the reading
 * before ?to=. The oldest reading has none before it, so it has no default pair (and no link
 * offers one): comparing a reading with itself is a 400 that says to choose two.
 */
function chooseVersions(request: Request, versions: { id: string }[]) {
  const query = readQuery(CompareQuery, request);
  const ids = versions.map((v) => v.id);
  const fromIndex = query.from === undefined ? -1 : ids.indexOf(query.from);
  const to =
    query.to ?? (fromIndex >= 0 && fromIndex < ids.length - 1 ? ids[fromIndex + 1] : ids.at(-1));
  const toIndex = to === undefined ? -1 : ids.indexOf(to);
  const from = query.from ?? (toIndex > 0 ? ids[toIndex - 1] : undefined);
  return { from, to, view: query.view, changedOnly: query.changed };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const versions = await listVersions(context.db, bill.id);
  const { from, to, view: shownAs, changedOnly } = chooseVersions(request, versions);
  const t = requestTranslator(request);
  if (
    !from ||
    !to ||
    from === to ||
    !versions.some((v) => v.id === from) ||
    !versions.some((v) => v.id === to)
  ) {
    if (versions.length < 2) throw data({ message: t("compare.needTwo") }, { status: 404 });
    throw data({ message: t("compare.badVersions") }, { status: 400 });
  }
  const view = await comparisonView(context.db, from, to, context.compare);
  const user = await getCurrentUser(request, context);
  return {
    title: `${bill.title} · ${t("compare.title")} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    versions: versions.map((v) => ({ id: v.id, label: v.label, title: v.title })),
    from,
    to,
    ...view,
    view: shownAs,
    changedOnly,
    canEdit: hasRole(user, ["drafter", "admin"], bill.organization_id),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  const form = await requireCsrf(request, context);
  const versions = await listVersions(context.db, bill.id);
  const { from, to } = chooseVersions(request, versions);
  const parsed = NoteSchema.safeParse(Object.fromEntries(form));
  if (
    !parsed.success ||
    !from ||
    !to ||
    !versions.some((v) => v.id === from) ||
    !versions.some((v) => v.id === to)
  ) {
    return data({ ok: false, key: null as string | null }, { status: 400 });
  }
  await explainComparisonRow(context.db, {
    billId: bill.id,
    fromVersionId: from,
    toVersionId: to,
    rowKey: parsed.data.rowKey,
    note: parsed.data.note,
    userId: user.id,
    ip: context.clientIp,
  });
  return { ok: true, key: parsed.data.rowKey };
}

function Ops({ ops, side }: { ops: DiffOp[]; side: "old" | "new" | "both" }) {
  return (
    <>
      {ops.map((op, i) => {
        if (op.op === "equal") return <span key={i}>{op.text}</span>;
        if (op.op === "delete") return side === "new" ? null : <del key={i}>{op.text}</del>;
        return side === "old" ? null : <ins key={i}>{op.text}</ins>;
      })}
    </>
  );
}

const kindKey = (kind: CompareKind) => `compare.kind.${kind}` as const;

export default function ComparePage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const location = useLocation();
  const [params] = useSearchParams();
  // Another pair or view of this page is on its way (对照 pressed, a view link followed): the
  // table on screen is the old pair's, so it gives way to a loading state at once. Reloading
  // after a note is saved (a POST) keeps the table.
  const comparing =
    navigation.state === "loading" &&
    navigation.location.pathname === location.pathname &&
    (navigation.formMethod === undefined || navigation.formMethod.toUpperCase() === "GET");
  const { bill, versions, from, to, rows, summary, chapters, canEdit, view, changedOnly } =
    loaderData;
  const shown = changedOnly ? rows.filter((r) => r.kind !== "unchanged") : rows;
  const labelOf = (id: string) => {
    const v = versions.find((x) => x.id === id);
    return v ? t(`version.${v.label}`) : "";
  };
  const link = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.set("from", from);
    next.set("to", to);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next}`;
  };
  return (
    <div className="page compare-page">
      <p className="muted">
        <Link to={`/bills/${bill.id}/versions/${to}`}>{bill.title}</Link>
      </p>
      <h1>{t("compare.title")}</h1>
      <Form method="get" className="inline-fields compare-pick">
        <VersionSelect
          id="cmp-from"
          name="from"
          label={t("compare.from")}
          value={from}
          versions={versions}
        />
        <VersionSelect
          id="cmp-to"
          name="to"
          label={t("compare.to")}
          value={to}
          versions={versions}
        />
        {changedOnly ? <input type="hidden" name="changed" value="1" /> : null}
        {view === "redline" ? <input type="hidden" name="view" value="redline" /> : null}
        <button type="submit" className="button" disabled={comparing}>
          {t("compare.show")}
        </button>
      </Form>

      {/* Present from the start, so screen readers hear the loading state when it begins. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {comparing ? t("compare.loading") : ""}
      </p>
      <div className="compare-results" aria-busy={comparing}>
        {comparing ? (
          <div className="compare-loading">
            <span className="spinner" aria-hidden="true" />
            <p>{t("compare.loading")}</p>
          </div>
        ) : (
          <>
            <p className="summary-line">
              {(
                ["modified", "added", "deleted", "moved", "split", "merged", "unchanged"] as const
              ).map((k) => (
                <span key={k} className={`tag kind-${k}`}>
                  {t(kindKey(k))} {summary[k]}
                </span>
              ))}
            </p>

            <nav className="compare-controls" aria-label={t("compare.controls")}>
              <Link to={link({ view: null })} aria-current={view === "table" ? "page" : undefined}>
                {t("compare.view.table")}
              </Link>
              <Link
                to={link({ view: "redline" })}
                aria-current={view === "redline" ? "page" : undefined}
              >
                {t("compare.view.redline")}
              </Link>
              <Link to={link({ changed: changedOnly ? null : "1" })}>
                {changedOnly ? t("compare.showAll") : t("compare.changedOnly")}
              </Link>
              <span className="muted">{t("bill.download")}：</span>
              {(["docx", "pdf", "csv", "json"] as const).map((format) => (
                <a
                  key={format}
                  href={`/bills/${bill.id}/compare/export/${format}?from=${from}&to=${to}`}
                  download
                >
                  {t(`compare.format.${format}`)}
                </a>
              ))}
            </nav>

            <details className="chapter-summary">
              <summary>{t("compare.byChapter")}</summary>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("compare.chapter")}</th>
                      <th scope="col">{t("compare.kind.modified")}</th>
                      <th scope="col">{t("compare.kind.added")}</th>
                      <th scope="col">{t("compare.kind.deleted")}</th>
                      <th scope="col">{t("compare.kind.moved")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {chapters.map((c) => (
                      <tr key={c.chapter}>
                        <td>{c.chapter || "—"}</td>
                        <td>{c.modified}</td>
                        <td>{c.added}</td>
                        <td>{c.deleted}</td>
                        <td>{c.moved}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>

            <div className="table-wrap">
              <table className={`compare-table view-${view}`}>
                <caption className="visually-hidden">
                  {t("compare.caption", { from: labelOf(from), to: labelOf(to) })}
                </caption>
                <thead>
                  <tr>
                    {view === "table" ? (
                      <>
                        <th scope="col">{t("compare.col.old", { label: labelOf(from) })}</th>
                        <th scope="col">{t("compare.col.new", { label: labelOf(to) })}</th>
                      </>
                    ) : (
                      <th scope="col">{t("compare.col.redline")}</th>
                    )}
                    <th scope="col">{t("compare.col.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((row) => (
                    <tr key={row.key} className={`kind-${row.kind}`}>
                      {view === "table" ? (
                        <>
                          <td>
                            <RowLabels sides={row.oldSide} billId={bill.id} versionId={from} />
                            <p className="row-text">
                              <Ops ops={row.ops} side="old" />
                            </p>
                          </td>
                          <td>
                            <RowLabels sides={row.newSide} billId={bill.id} versionId={to} />
                            <span className={`tag kind-${row.kind}`}>{t(kindKey(row.kind))}</span>
                            {row.renumbered ? (
                              <span className="tag">{t("compare.renumbered")}</span>
                            ) : null}
                            <p className="row-text">
                              <Ops ops={row.ops} side="new" />
                            </p>
                          </td>
                        </>
                      ) : (
                        <td>
                          <RowLabels sides={row.oldSide} billId={bill.id} versionId={from} />
                          {row.newSide.length ? " → " : null}
                          <RowLabels sides={row.newSide} billId={bill.id} versionId={to} />{" "}
                          <span className={`tag kind-${row.kind}`}>{t(kindKey(row.kind))}</span>
                          <p className="row-text">
                            <Ops ops={row.ops} side="both" />
                          </p>
                        </td>
                      )}
                      <td className="note-cell">
                        {canEdit ? (
                          <Form method="post" className="note-form" preventScrollReset>
                            <CsrfInput />
                            <input type="hidden" name="rowKey" value={row.key} />
                            <label className="visually-hidden" htmlFor={`note-${row.key}`}>
                              {t("compare.col.note")}
                            </label>
                            <textarea
                              id={`note-${row.key}`}
                              name="note"
                              defaultValue={row.note}
                              rows={3}
                              maxLength={5000}
                            />
                            <button
                              type="submit"
                              className="button small"
                              disabled={navigation.state !== "idle"}
                            >
                              {t("compare.saveNote")}
                            </button>
                            {actionData?.ok && actionData.key === row.key ? (
                              <span role="status" className="saved">
                                {t("editor.status.saved")}
                              </span>
                            ) : null}
                          </Form>
                        ) : (
                          <p className="row-text">{row.note}</p>
                        )}
                        {(row.newSide[0] ?? row.oldSide[0]) ? (
                          <Link
                            className="lineage-link"
                            to={`/bills/${bill.id}/provisions/${(row.newSide[0] ?? row.oldSide[0])!.pid}`}
                          >
                            {t("compare.lineage")}
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];

function RowLabels({
  sides,
  billId,
  versionId,
}: {
  sides: { pid: string; label: string }[];
  billId: string;
  versionId: string;
}) {
  return (
    <>
      {sides.map((s, i) => (
        <span key={s.pid}>
          {i > 0 ? "、" : null}
          <Link
            className="row-label"
            to={`/bills/${billId}/versions/${versionId}#${provisionAnchor(s.pid)}`}
          >
            {s.label}
          </Link>
        </span>
      ))}
    </>
  );
}

function VersionSelect(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  versions: { id: string; label: VersionLabel }[];
}) {
  const { t } = useI18n();
  return (
    <div className="grant-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        {props.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {t(`version.${v.label}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
