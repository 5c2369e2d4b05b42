import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { roles, type Role } from "../../db/codes.ts";
import { countAdmins } from "../../db/queries/admin.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { listContactPoints, listOrganizations } from "../../db/queries/organizations.ts";
import { grantRole, listUsers, revokeRole } from "../../db/queries/users.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import type { MessageKey } from "../i18n/index.ts";
import { parseForm } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/admin.users";

const PAGE = 20;

const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"]),
  userId: z.string().uuid(),
  organizationId: z.string().uuid(),
  role: z.enum(roles),
  contactPointId: z.string().optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const page = Math.max(
    0,
    Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "0", 10) || 0),
  );
  const [users, organizations, contactPoints] = await Promise.all([
    listUsers(context.db, { query, limit: PAGE + 1, offset: page * PAGE }),
    listOrganizations(context.db),
    listContactPoints(context.db, { activeOnly: true }),
  ]);
  return {
    users: users.slice(0, PAGE),
    hasNext: users.length > PAGE,
    page,
    query,
    organizations,
    contactPoints,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await requireCsrf(request, context);
  const parsed = parseForm(RoleChangeSchema, form);
  if (!parsed.ok)
    return data({ ok: false, message: "error.invalidInput" as MessageKey }, { status: 400 });
  const input = parsed.data;
  const contactPointId = input.contactPointId || null;
  if (input.intent === "grant" && input.role === "coordinator" && !contactPointId) {
    return data({ ok: false, message: "admin.users.needPoint" as MessageKey }, { status: 400 });
  }
  const outcome = await context.db.transaction().execute(async (trx) => {
    if (input.intent === "revoke") {
      if (input.role === "admin" && (await countAdmins(trx)) <= 1)
        return "admin.users.lastAdmin" as const;
      await revokeRole(trx, input);
    } else {
      if (input.role === "coordinator") {
        const existing = await trx
          .selectFrom("memberships")
          .select("id")
          .where("user_id", "=", input.userId)
          .where("role", "=", "coordinator")
          .executeTakeFirst();
        if (existing) return "admin.users.onePoint" as const;
      }
      await grantRole(trx, { ...input, contactPointId });
    }
    await recordAudit(trx, {
      actorUserId: admin.id,
      action: input.intent === "grant" ? "role.grant" : "role.revoke",
      subjectType: "user",
      subjectId: input.userId,
      data: { role: input.role, organizationId: input.organizationId, contactPointId },
      ip: context.clientIp,
    });
    return null;
  });
  if (outcome) return data({ ok: false, message: outcome as MessageKey }, { status: 409 });
  return {
    ok: true,
    message: (input.intent === "grant"
      ? "admin.users.granted"
      : "admin.users.revoked") as MessageKey,
  };
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const navigation = useNavigation();
  const { users, hasNext, page, query, organizations, contactPoints } = loaderData;
  const busy = navigation.state !== "idle";
  const pageLink = (p: number) =>
    `/admin/users?${new URLSearchParams({ q: query, page: String(p) })}`;
  return (
    <div className="page">
      <h1>{t("admin.users")}</h1>
      {actionData ? (
        <p
          className={actionData.ok ? "notice" : "form-error"}
          role={actionData.ok ? "status" : "alert"}
        >
          {t(actionData.message)}
        </p>
      ) : null}
      <Form method="get" className="search-row" role="search">
        <label htmlFor="user-q" className="visually-hidden">
          {t("admin.users.search")}
        </label>
        <input id="user-q" name="q" defaultValue={query} placeholder={t("admin.users.search")} />
        <button type="submit" className="button">
          {t("admin.users.searchButton")}
        </button>
      </Form>
      {users.length === 0 ? <p className="empty">{t("admin.users.none")}</p> : null}
      <ul className="cards">
        {users.map((u) => (
          <li key={u.id} className="card user-card">
            <h2 className="card-title">{u.display_name}</h2>
            <p className="muted">
              {u.email} · {t("admin.users.joined")} {date(u.created_at)}
            </p>
            <h3 className="small-heading">{t("admin.users.roles")}</h3>
            {u.memberships.length === 0 ? <p>{t("admin.users.noRoles")}</p> : null}
            <ul className="role-list">
              {u.memberships.map((m) => (
                <li key={`${m.organization_id}-${m.role}`}>
                  <span className="tag">{t(`role.${m.role}` as MessageKey)}</span>{" "}
                  {m.organizationName}
                  {m.contactPointName ? ` · ${m.contactPointName}` : ""}
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="organizationId" value={m.organization_id} />
                    <input type="hidden" name="role" value={m.role} />
                    <button
                      type="submit"
                      className="link-button danger"
                      disabled={busy}
                      aria-label={t("admin.users.revokeLabel", {
                        role: t(`role.${m.role}` as MessageKey),
                        user: u.display_name,
                        organization: m.organizationName,
                      })}
                    >
                      {t("admin.users.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post" className="grant-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="grant" />
              <input type="hidden" name="userId" value={u.id} />
              <div className="grant-field">
                <label htmlFor={`role-${u.id}`}>{t("admin.users.role")}</label>
                <select id={`role-${u.id}`} name="role" defaultValue="drafter">
                  {roles.map((r: Role) => (
                    <option key={r} value={r}>
                      {t(`role.${r}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grant-field">
                <label htmlFor={`org-${u.id}`}>{t("admin.users.organization")}</label>
                <select id={`org-${u.id}`} name="organizationId">
                  {organizations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grant-field">
                <label htmlFor={`cp-${u.id}`}>{t("admin.users.contactPoint")}</label>
                <select id={`cp-${u.id}`} name="contactPointId" defaultValue="">
                  <option value="">—</option>
                  {contactPoints.map((cp) => (
                    <option key={cp.id} value={cp.id}>
                      {cp.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("admin.users.grant")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label={t("admin.users")}>
        {page > 0 ? <Link to={pageLink(page - 1)}>{t("admin.users.prev")}</Link> : null}
        {hasNext ? <Link to={pageLink(page + 1)}>{t("admin.users.next")}</Link> : null}
      </nav>
    </div>
  );
}
