import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { billRoles } from "../../db/codes.ts";
import { listBillTeam, listTeamCandidates } from "../../db/queries/disposition-work.ts";
import { grantBillRole, revokeBillRole } from "../../services/bill-team.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireBillRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, readQuery } from "../lib/forms.ts";
import { pageTitle } from "../lib/meta.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-review.css";
import type { Route } from "./+types/bill-team";

// A bill's handling team (承办人, 审核人): an administrator of the bill's legislature grants the
// roles to its users and revokes them. Revoking goes through a confirmation step of its own (a
// page state reached by a link, not a script's dialog), so it works without JavaScript and a
// stray click revokes nothing.

const GrantSchema = z.object({
  intent: z.literal("grant"),
  userId: z.uuid(),
  role: z.enum(billRoles),
});
const RevokeSchema = z.object({
  intent: z.literal("revoke"),
  userId: z.uuid(),
  role: z.enum(billRoles),
  // Sent only by the confirmation step's button.
  confirm: z.literal("yes").optional(),
});

// ?revoke=<user>&role=<role>: the confirmation step; ?done=granted|revoked&user=&role=: what
// the last change did (revoking redirects, so the page is no longer the confirmation).
const TeamQuery = z.object({
  revoke: z.uuid().optional().catch(undefined),
  role: z.enum(billRoles).optional().catch(undefined),
  done: z.enum(["granted", "revoked"]).optional().catch(undefined),
  user: z.uuid().optional().catch(undefined),
});

/** The bill, for an administrator of its legislature (capability "team"); others get 403. */
function requireTeamAdmin(request: Request, context: Route.LoaderArgs["context"], id: string) {
  return requireBillRole(request, context, id, "team");
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireTeamAdmin(request, context, params.billId);
  const query = readQuery(TeamQuery, request);
  const [team, candidates] = await Promise.all([
    listBillTeam(context.db, bill.id),
    listTeamCandidates(context.db, bill.id),
  ]);
  const nameOf = (userId: string | undefined) =>
    [...team, ...candidates.map((c) => ({ ...c, userId: c.id }))].find((m) => m.userId === userId)
      ?.name ?? null;
  const revoking =
    query.revoke && query.role
      ? team.find((m) => m.userId === query.revoke && m.role === query.role)
      : undefined;
  const t = requestTranslator(request);
  return {
    title: `${t("team.title")} · ${bill.title}`,
    bill: { id: bill.id, title: bill.title, organizationName: bill.organizationName },
    team,
    candidates,
    revoking: revoking
      ? { userId: revoking.userId, name: revoking.name, role: revoking.role }
      : null,
    done:
      query.done && query.role && nameOf(query.user)
        ? { what: query.done, role: query.role, name: nameOf(query.user)! }
        : null,
  };
}

type ActionData = { ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireTeamAdmin(request, context, params.billId);
  const form = await requireCsrf(request, context);
  const fail = (message: MessageKey, status = 400) =>
    data<ActionData>({ ok: false, message }, { status });
  const base = `/bills/${bill.id}/team`;
  try {
    if (form.get("intent") === "grant") {
      const parsed = parseForm(GrantSchema, form);
      if (!parsed.ok) return fail("team.invalid");
      await grantBillRole(context.db, {
        billId: bill.id,
        userId: parsed.data.userId,
        role: parsed.data.role,
        actorId: user.id,
        ip: context.clientIp,
      });
      return redirect(
        `${base}?${new URLSearchParams({ done: "granted", user: parsed.data.userId, role: parsed.data.role })}`,
      );
    }
    const parsed = parseForm(RevokeSchema, form);
    if (!parsed.ok) return fail("team.invalid");
    const { userId, role } = parsed.data;
    // Without the confirmation step's answer, the request goes to that step.
    if (parsed.data.confirm !== "yes")
      return redirect(`${base}?${new URLSearchParams({ revoke: userId, role })}`);
    await revokeBillRole(context.db, {
      billId: bill.id,
      userId,
      role,
      actorId: user.id,
      ip: context.clientIp,
    });
    return redirect(`${base}?${new URLSearchParams({ done: "revoked", user: userId, role })}`);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return fail(messageKey(error.messageKey, "error.generic"), error.status);
  }
}

export default function BillTeam({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { bill, team, candidates, revoking, done } = loaderData;
  const failed = actionData as ActionData | undefined;
  return (
    <div className="page workflow-page">
      <p className="muted">
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link> · {bill.organizationName}
      </p>
      <h1>{t("team.title")}</h1>
      <p className="lead">{t("team.lead")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done.what === "granted" ? "team.granted" : "team.revoked", {
            user: done.name,
            role: t(`billRole.${done.role}`),
          })}
        </p>
      ) : null}
      {failed ? (
        <p className="form-error" role="alert">
          {t(failed.message)}
        </p>
      ) : null}

      {revoking ? (
        <section className="panel confirm-panel" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t("team.confirmTitle")}</h2>
          <p>
            {t("team.confirmBody", { user: revoking.name, role: t(`billRole.${revoking.role}`) })}
          </p>
          <Form method="post" className="inline-fields">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="userId" value={revoking.userId} />
            <input type="hidden" name="role" value={revoking.role} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" className="button danger" disabled={busy}>
              {t("team.confirmRevoke")}
            </button>
            <Link to={`/bills/${bill.id}/team`} className="button">
              {t("team.cancel")}
            </Link>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("team.members")}</h2>
        {team.length === 0 ? <p className="empty">{t("team.none")}</p> : null}
        <ul className="cards team-list">
          {team.map((m) => (
            <li key={`${m.userId}-${m.role}`} className="card team-member">
              <p className="team-name">
                <span className="tag">{t(`billRole.${m.role}`)}</span> <strong>{m.name}</strong>{" "}
                <span className="muted">{m.email}</span>
              </p>
              <p className="muted">
                {t("team.grantedOn", { date: date(m.grantedAt), by: m.grantedBy ?? "—" })}
              </p>
              <Link
                to={`?${new URLSearchParams({ revoke: m.userId, role: m.role })}`}
                className="link-button danger"
                aria-label={t("team.revokeLabel", {
                  user: m.name,
                  role: t(`billRole.${m.role}`),
                })}
              >
                {t("team.revoke")}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="grant-title">
        <h2 id="grant-title">{t("team.grantTitle")}</h2>
        {candidates.length === 0 ? (
          <p className="empty">{t("team.noCandidates")}</p>
        ) : (
          <Form method="post" className="inline-fields">
            <CsrfInput />
            <input type="hidden" name="intent" value="grant" />
            <div className="grant-field grow">
              <label htmlFor="team-user">{t("team.user")}</label>
              <select id="team-user" name="userId" required defaultValue="">
                <option value="" disabled>
                  —
                </option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}（{c.email}）
                  </option>
                ))}
              </select>
            </div>
            <div className="grant-field">
              <label htmlFor="team-role">{t("team.role")}</label>
              <select id="team-role" name="role" defaultValue="handler">
                {billRoles.map((r) => (
                  <option key={r} value={r}>
                    {t(`billRole.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button primary" disabled={busy}>
              {t("team.grant")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = (args) => pageTitle(args, args.data?.title);
