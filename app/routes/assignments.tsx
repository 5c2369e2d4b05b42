import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import {
  listAssignableHandlers,
  listAssignments,
  type Assignment,
} from "../../db/queries/disposition-work.ts";
import {
  countOpinionsByProvision,
  listHandlingPage,
  listProvisionOutline,
} from "../../db/queries/handling.ts";
import { countAssignedByHandler } from "../../db/queries/review.ts";
import { assignWork, unassignWork } from "../../services/assignments.ts";
import { isServiceError } from "../../services/errors.ts";
import { today } from "../../services/handling.ts";
import {
  decodeCursor,
  encodeCursor,
  groupForHandling,
  provisionSubtree,
} from "../../services/handling-view.ts";
import { requireConsultationRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { assignmentLines, provisionAssignee, type Assigned } from "../lib/assignment-outline.ts";
import { readQuery } from "../lib/forms.ts";
import { pageTitle } from "../lib/meta.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-review.css";
import type { Route } from "./+types/assignments";

// The reviewer's assignment page (分配): who has what (each handler's opinions counted by work
// state, with what was assigned to them and when it is due), and one form that assigns the
// chapters and articles ticked to a handler with an optional due date. Opening a provision
// (?provision=) lists its opinions, near-identical ones as one cluster, so a cluster or a few
// opinions go to another handler than their article's. Assigning a target again moves it.

const PAGE_SIZE = 100;

const AssignQuery = z.object({
  // A provision whose opinions to choose from, or "draft" for those on the whole draft.
  provision: z.string().max(100).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
});

const isDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const AssignForm = z.object({
  handlerId: z.uuid("assign.chooseHandler"),
  dueOn: z
    .string()
    .trim()
    .refine((s) => s === "" || isDate(s), "assign.dueInvalid"),
  provisionPids: z.array(z.string().min(1).max(100)).max(5000),
  // A cluster's checkbox carries its members' ids joined by commas.
  opinionIds: z.array(z.uuid()).max(5000),
});

const UnassignForm = z.object({
  provisionPid: z.string().max(100).default(""),
  opinionId: z.union([z.uuid(), z.literal("")]).default(""),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await requireConsultationRole(request, context, params.id, "review");
  const db = context.db;
  const query = readQuery(AssignQuery, request);
  const [outline, counts, assignments, handlers, tallies] = await Promise.all([
    listProvisionOutline(db, consultation.versionId),
    countOpinionsByProvision(db, consultation.id),
    listAssignments(db, consultation.id),
    listAssignableHandlers(db, consultation.billId),
    countAssignedByHandler(db, consultation.id),
  ]);
  const byPid = new Map<string, Assigned>(
    assignments
      .filter((a) => a.kind === "provision" && a.provisionPid)
      .map((a) => [a.provisionPid!, assigned(a)]),
  );
  const byOpinion = new Map(
    assignments.filter((a) => a.kind === "opinion" && a.opinionId).map((a) => [a.opinionId!, a]),
  );
  const todayIs = today(context.timeZone);

  // The opinions of one provision (or of the whole draft), to assign a cluster or a few.
  const chosen =
    query.provision === "draft"
      ? { pid: "draft", label: null }
      : (outline.find((p) => p.pid === query.provision) ?? null);
  let opinions = null;
  if (chosen) {
    const scope =
      chosen.pid === "draft"
        ? { wholeDraft: true }
        : { provisionPids: provisionSubtree(outline, chosen.pid) };
    const page = await listHandlingPage(db, consultation.id, scope, {
      size: PAGE_SIZE,
      after: decodeCursor(query.after),
    });
    const { groups } = groupForHandling(page.rows, outline);
    const last = page.rows.at(-1);
    opinions = {
      pid: chosen.pid,
      label: chosen.label,
      rows: groups.flatMap((g) =>
        g.rows.map((r) => ({
          key: r.key,
          ids: r.members.map((m) => m.id),
          body: r.members[0]!.body,
          receipt: r.members[0]!.receipt,
          label: g.label,
          size: r.members.length,
          // Whose each member is now: its own assignment, else its provision's.
          holders: [
            ...new Set(
              r.members.map(
                (m) =>
                  byOpinion.get(m.id)?.handlerName ??
                  provisionAssignee(outline, byPid, m.provision_pid)?.handlerName ??
                  null,
              ),
            ),
          ],
        })),
      ),
      next:
        page.more && last
          ? `?${new URLSearchParams({
              provision: chosen.pid,
              after: encodeCursor({ time: last.cursorTime, id: last.id }),
            })}`
          : null,
    };
  }

  // Who has what: each handler's opinions by state, and their assignments.
  const people = new Map<
    string,
    { id: string; name: string; total: number; states: Record<string, number> }
  >();
  for (const h of handlers) people.set(h.id, { id: h.id, name: h.name, total: 0, states: {} });
  let unassigned = 0;
  for (const c of tallies) {
    if (!c.handlerId) {
      unassigned += c.count;
      continue;
    }
    const name = assignments.find((a) => a.handlerId === c.handlerId)?.handlerName ?? "—";
    const p = people.get(c.handlerId) ?? { id: c.handlerId, name, total: 0, states: {} };
    p.total += c.count;
    p.states[c.state] = (p.states[c.state] ?? 0) + c.count;
    people.set(c.handlerId, p);
  }
  const t = requestTranslator(request);
  return {
    title: `${t("assign.title")} · ${consultation.title}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billId: consultation.billId,
      billTitle: consultation.billTitle,
    },
    handlers,
    lines: assignmentLines(outline, counts, byPid),
    wholeDraft: counts.find((c) => c.pid === null)?.count ?? 0,
    who: [...people.values()].map((p) => ({
      ...p,
      assignments: assignments
        .filter((a) => a.handlerId === p.id)
        .map((a) => ({
          id: a.id,
          kind: a.kind,
          provisionPid: a.provisionPid,
          opinionId: a.opinionId,
          target:
            a.kind === "provision"
              ? (a.provisionLabel ?? "—")
              : t("assign.targetOpinion", { receipt: a.opinionReceipt ?? "" }),
          dueOn: dueText(a.dueOn),
          overdue: !!dueText(a.dueOn) && dueText(a.dueOn)! < todayIs,
        })),
    })),
    unassigned,
    opinions,
  };
}

/** A date column as YYYY-MM-DD, whatever the driver returned. */
function dueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

function assigned(a: Assignment): Assigned {
  return { handlerId: a.handlerId, handlerName: a.handlerName, dueOn: dueText(a.dueOn) };
}

type ActionData =
  | { ok: true; intent: "assign"; count: number; handler: string }
  | { ok: true; intent: "unassign" }
  | { ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationRole(
    request,
    context,
    params.id,
    "review",
  );
  const form = await requireCsrf(request, context);
  const fail = (message: MessageKey, status = 400) =>
    data<ActionData>({ ok: false, message }, { status });
  const actor = { consultationId: consultation.id, actorId: user.id, ip: context.clientIp };
  try {
    if (form.get("intent") === "unassign") {
      const parsed = UnassignForm.safeParse({
        provisionPid: form.get("provisionPid") ?? "",
        opinionId: form.get("opinionId") ?? "",
      });
      if (!parsed.success || (!parsed.data.provisionPid && !parsed.data.opinionId))
        return fail("error.invalidInput");
      await unassignWork(context.db, {
        ...actor,
        ...(parsed.data.provisionPid ? { provisionPids: [parsed.data.provisionPid] } : {}),
        ...(parsed.data.opinionId ? { opinionIds: [parsed.data.opinionId] } : {}),
      });
      return { ok: true, intent: "unassign" } satisfies ActionData;
    }
    const parsed = AssignForm.safeParse({
      handlerId: form.get("handlerId") ?? "",
      dueOn: form.get("dueOn") ?? "",
      provisionPids: form.getAll("provisionPid").map(String),
      opinionIds: form
        .getAll("opinionIds")
        .flatMap((v) => String(v).split(","))
        .filter(Boolean),
    });
    if (!parsed.success)
      return fail(messageKey(parsed.error.issues[0]?.message, "error.invalidInput"));
    const { handlerId, dueOn, provisionPids, opinionIds } = parsed.data;
    if (provisionPids.length === 0 && opinionIds.length === 0) return fail("assign.nothingChosen");
    const result = await assignWork(context.db, {
      ...actor,
      handlerId,
      ...(provisionPids.length ? { provisionPids } : {}),
      ...(opinionIds.length ? { opinionIds } : {}),
      dueOn: dueOn || null,
    });
    const handlers = await listAssignableHandlers(context.db, consultation.billId);
    return {
      ok: true,
      intent: "assign",
      count: result.count,
      handler: handlers.find((h) => h.id === handlerId)?.name ?? "",
    } satisfies ActionData;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return fail(messageKey(error.messageKey, "error.generic"), error.status);
  }
}

type LoaderData = Route.ComponentProps["loaderData"];

/** The handler and due date fields and the button, shared by both ways of choosing. */
function AssignFields({ handlers }: { handlers: LoaderData["handlers"] }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  return (
    <div className="inline-fields assign-fields">
      <CsrfInput />
      <input type="hidden" name="intent" value="assign" />
      <div className="grant-field grow">
        <label htmlFor="assign-handler">{t("assign.handler")}</label>
        <select id="assign-handler" name="handlerId" required defaultValue="">
          <option value="" disabled>
            {t("assign.chooseHandler")}
          </option>
          {handlers.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <div className="grant-field">
        <label htmlFor="assign-due">{t("assign.dueOn")}</label>
        <input id="assign-due" name="dueOn" type="date" />
      </div>
      <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
        {t("assign.submit")}
      </button>
    </div>
  );
}

function WhoHasWhat({ loaderData }: { loaderData: LoaderData }) {
  const { t } = useI18n();
  const { who, unassigned } = loaderData;
  const state = (states: Record<string, number>) =>
    t("assign.states", {
      none: states.none ?? 0,
      draft: states.draft ?? 0,
      returned: states.returned ?? 0,
      submitted: states.submitted ?? 0,
      approved: states.approved ?? 0,
      published: states.published ?? 0,
    });
  return (
    <section aria-labelledby="who-title" className="assign-who">
      <h2 id="who-title">{t("assign.who")}</h2>
      {who.every((p) => p.total === 0 && p.assignments.length === 0) ? (
        <p className="empty">{t("assign.nobody")}</p>
      ) : null}
      <ul className="cards">
        {who.map((p) => (
          <li key={p.id} className="card handler-card">
            <h3 className="card-title">
              {p.name} <span className="muted">{t("assign.handlerCount", { count: p.total })}</span>
            </h3>
            {p.total > 0 ? <p className="muted small">{state(p.states)}</p> : null}
            <ul className="plain-list assign-targets">
              {p.assignments.map((a) => (
                <li key={a.id}>
                  <span>{a.target}</span>{" "}
                  <span className="muted">
                    {a.dueOn ? `${t("assign.due")} ${a.dueOn}` : t("assign.noDue")}
                  </span>
                  {a.overdue ? <span className="tag overdue">{t("assign.overdue")}</span> : null}
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="unassign" />
                    {a.kind === "provision" ? (
                      <input type="hidden" name="provisionPid" value={a.provisionPid ?? ""} />
                    ) : (
                      <input type="hidden" name="opinionId" value={a.opinionId ?? ""} />
                    )}
                    <button
                      type="submit"
                      className="link-button"
                      aria-label={t("assign.unassignLabel", { target: a.target })}
                    >
                      {t("assign.unassign")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted">{t("assign.unassigned", { count: unassigned })}</p>
    </section>
  );
}

function ByProvision({ loaderData }: { loaderData: LoaderData }) {
  const { t, label } = useI18n();
  const { lines, handlers, wholeDraft } = loaderData;
  return (
    <Form method="post" className="assign-form" aria-labelledby="by-provision">
      <h2 id="by-provision">{t("assign.provisions")}</h2>
      <AssignFields handlers={handlers} />
      <div className="table-wrap">
        <table className="assign-table">
          <thead>
            <tr>
              <th scope="col">{t("assign.provision")}</th>
              <th scope="col">{t("assign.opinions")}</th>
              <th scope="col">{t("assign.current")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("assign.openOpinions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const holder = l.own ?? l.inherited;
              return (
                <tr key={l.pid} className={`assign-${l.kind}`}>
                  <td style={{ paddingLeft: `${0.5 + l.depth * 1.25}rem` }}>
                    <label>
                      <input
                        type="checkbox"
                        name="provisionPid"
                        value={l.pid}
                        aria-label={t("assign.select", { label: label(l.label) })}
                      />{" "}
                      {label(l.label)}
                      {l.title ? ` ${l.title}` : ""}
                    </label>
                  </td>
                  <td>{l.count}</td>
                  <td className={l.own ? "" : "muted"}>
                    {holder
                      ? `${holder.handlerName}${holder.dueOn ? ` · ${holder.dueOn}` : ""}`
                      : "—"}
                  </td>
                  <td>
                    {l.kind === "article" && l.count > 0 ? (
                      <Link to={`?provision=${encodeURIComponent(l.pid)}`}>
                        {t("assign.openOpinions")}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              );
            })}
            {wholeDraft > 0 ? (
              <tr>
                <td>{t("assign.wholeDraft")}</td>
                <td>{wholeDraft}</td>
                <td className="muted">—</td>
                <td>
                  <Link to="?provision=draft">{t("assign.openOpinions")}</Link>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </Form>
  );
}

function ByOpinion({ loaderData }: { loaderData: LoaderData }) {
  const { t, label } = useI18n();
  const opinions = loaderData.opinions!;
  return (
    <Form method="post" className="assign-form" aria-labelledby="by-opinion">
      <p>
        <Link to="?">{t("assign.backToOutline")}</Link>
      </p>
      <h2 id="by-opinion">
        {t("assign.opinionsOf", {
          label: opinions.label ? label(opinions.label) : t("assign.wholeDraft"),
        })}
      </h2>
      <p className="muted">{t("assign.byOpinionLead")}</p>
      <AssignFields handlers={loaderData.handlers} />
      <ul className="cards single">
        {opinions.rows.map((r) => (
          <li key={r.key} className={`card assign-opinion${r.size > 1 ? " cluster" : ""}`}>
            <label className="assign-pick">
              <input
                type="checkbox"
                name="opinionIds"
                value={r.ids.join(",")}
                aria-label={
                  r.size > 1
                    ? t("assign.selectCluster", { count: r.size })
                    : t("assign.selectOpinion")
                }
              />{" "}
              {r.size > 1 ? t("assign.selectCluster", { count: r.size }) : r.receipt}
            </label>
            <p className="opinion-body">{r.body}</p>
            <p className="card-meta">
              {r.label ? <span>{r.label}</span> : null}
              <span>
                {t("assign.current")}：{r.holders.map((h) => h ?? "—").join("、")}
              </span>
            </p>
          </li>
        ))}
      </ul>
      {opinions.next ? (
        <nav className="pager" aria-label={t("handling.pages")}>
          <Link to={opinions.next} rel="next">
            {t("assign.more")}
          </Link>
        </nav>
      ) : null}
    </Form>
  );
}

export default function Assignments({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { consultation, handlers, opinions } = loaderData;
  const result = actionData as ActionData | undefined;
  return (
    <div className="page workflow-page">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}/handling`}>{consultation.billTitle}</Link> ·{" "}
        {consultation.title}
      </p>
      <h1>{t("assign.title")}</h1>
      <p className="lead">{t("assign.lead")}</p>
      <p>
        <Link to={`/consultations/${consultation.id}/review`}>{t("review.link")}</Link>
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.ok
            ? result.intent === "assign"
              ? t("assign.done", { count: result.count, handler: result.handler })
              : t("assign.removed")
            : t(result.message)}
        </p>
      ) : null}
      {handlers.length === 0 ? (
        <p className="notice" role="status">
          {t("assign.noHandlers")}
        </p>
      ) : null}
      <WhoHasWhat loaderData={loaderData} />
      {opinions ? <ByOpinion loaderData={loaderData} /> : <ByProvision loaderData={loaderData} />}
    </div>
  );
}

export const meta: Route.MetaFunction = (args) => pageTitle(args, args.data?.title);
