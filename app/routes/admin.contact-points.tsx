import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { recordAudit } from "../../db/queries/audit.ts";
import { listContactPointsWithCoordinators } from "../../db/queries/contact-points.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { grantRole, normalizeEmail } from "../../db/queries/users.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import type { MessageKey } from "../i18n/index.ts";
import { parseForm, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/admin.contact-points";

const PointSchema = z.object({
  organizationId: z.string().uuid("error.invalidInput"),
  name: z.string().trim().min(1, "error.required").max(100, "cp.error.tooLong"),
  district: z.string().trim().min(1, "error.required").max(50, "cp.error.tooLong"),
  address: z.string().trim().min(1, "error.required").max(200, "cp.error.tooLong"),
  hostOrganization: z.string().trim().max(200, "cp.error.tooLong").default(""),
  phone: z
    .string()
    .trim()
    .max(30, "cp.error.tooLong")
    .regex(/^[0-9+\-() ]*$/, "cp.error.phone")
    .default(""),
  active: z.string().optional(),
});

type ActionData = {
  ok: boolean;
  message: MessageKey;
  intent: string;
  pointId?: string;
  fields?: FieldErrors;
};

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const [points, organizations] = await Promise.all([
    listContactPointsWithCoordinators(context.db),
    listOrganizations(context.db),
  ]);
  return { points, organizations };
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await requireCsrf(request, context);
  const intent = String(form.get("intent") ?? "");
  const pointId = String(form.get("pointId") ?? "") || undefined;
  const fail = (status: number, message: MessageKey, fields?: FieldErrors) =>
    data<ActionData>({ ok: false, message, intent, pointId, fields }, { status });
  if (intent === "create" || intent === "update") {
    const parsed = parseForm(PointSchema, form);
    if (!parsed.ok) return fail(400, "error.invalidInput", parsed.errors);
    const p = parsed.data;
    const values = {
      organization_id: p.organizationId,
      name: p.name,
      district: p.district,
      address: p.address,
      host_organization: p.hostOrganization,
      phone: p.phone || null,
      active: intent === "create" ? true : p.active === "yes",
    };
    const outcome = await context.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom("contact_points")
        .select("id")
        .where("name", "=", p.name)
        .executeTakeFirst();
      if (clash && clash.id !== pointId) return "cp.admin.nameTaken" as const;
      let id = pointId;
      if (intent === "create") {
        id = (
          await trx
            .insertInto("contact_points")
            .values(values)
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      } else {
        const updated = await trx
          .updateTable("contact_points")
          .set(values)
          .where("id", "=", pointId ?? "")
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return "error.notFound" as const;
      }
      await recordAudit(trx, {
        actorUserId: admin.id,
        action: intent === "create" ? "contact_point.create" : "contact_point.update",
        subjectType: "contact_point",
        subjectId: id!,
        data: { name: p.name, active: values.active },
        ip: context.clientIp,
      });
      return null;
    });
    if (outcome) return fail(409, outcome);
    return { ok: true, message: "cp.admin.saved" as MessageKey, intent, pointId } as ActionData;
  }
  if (intent === "assign" || intent === "unassign") {
    const email = normalizeEmail(String(form.get("email") ?? ""));
    const userId = String(form.get("userId") ?? "");
    const outcome = await context.db.transaction().execute(async (trx) => {
      const point = await trx
        .selectFrom("contact_points")
        .select(["id", "organization_id"])
        .where("id", "=", pointId ?? "")
        .executeTakeFirst();
      if (!point) return "error.notFound" as const;
      const user = await trx
        .selectFrom("users")
        .select("id")
        .where(intent === "assign" ? "email" : "id", "=", intent === "assign" ? email : userId)
        .executeTakeFirst();
      if (!user) return "cp.admin.noUser" as const;
      if (intent === "assign") {
        const existing = await trx
          .selectFrom("memberships")
          .select("contact_point_id")
          .where("user_id", "=", user.id)
          .where("role", "=", "coordinator")
          .executeTakeFirst();
        if (existing) return "admin.users.onePoint" as const;
        await grantRole(trx, {
          userId: user.id,
          organizationId: point.organization_id,
          role: "coordinator",
          contactPointId: point.id,
        });
      } else {
        await trx
          .deleteFrom("memberships")
          .where("user_id", "=", user.id)
          .where("role", "=", "coordinator")
          .where("contact_point_id", "=", point.id)
          .execute();
      }
      await recordAudit(trx, {
        actorUserId: admin.id,
        action: intent === "assign" ? "role.grant" : "role.revoke",
        subjectType: "user",
        subjectId: user.id,
        data: {
          role: "coordinator",
          organizationId: point.organization_id,
          contactPointId: point.id,
        },
        ip: context.clientIp,
      });
      return null;
    });
    if (outcome) return fail(outcome === "error.notFound" ? 404 : 409, outcome);
    return {
      ok: true,
      message: (intent === "assign" ? "admin.users.granted" : "admin.users.revoked") as MessageKey,
      intent,
      pointId,
    } as ActionData;
  }
  return fail(400, "error.invalidInput");
}

function PointFields({
  prefix,
  organizations,
  values,
  fields = {},
}: {
  prefix: string;
  organizations: { id: string; name: string }[];
  values?: {
    organization_id: string;
    name: string;
    district: string;
    address: string;
    host_organization: string;
    phone: string | null;
    active: boolean;
  };
  fields?: FieldErrors;
}) {
  const { t } = useI18n();
  const text = (name: string, label: MessageKey, value: string, max: number, required = true) => (
    <div className="field">
      <label htmlFor={`${prefix}-${name}`}>{t(label)}</label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        defaultValue={value}
        maxLength={max}
        required={required}
        aria-invalid={fields[name] ? true : undefined}
        aria-describedby={fields[name] ? `${prefix}-${name}-error` : undefined}
      />
      {fields[name] ? (
        <p className="field-error" id={`${prefix}-${name}-error`}>
          {t(fields[name]!)}
        </p>
      ) : null}
    </div>
  );
  return (
    <>
      {text("name", "cp.admin.name", values?.name ?? "", 100)}
      <div className="cp-grid">
        {text("district", "cp.admin.district", values?.district ?? "", 50)}
        {text("phone", "cp.admin.phone", values?.phone ?? "", 30, false)}
      </div>
      {text("address", "cp.admin.address", values?.address ?? "", 200)}
      {text("hostOrganization", "cp.admin.host", values?.host_organization ?? "", 200, false)}
      <div className="field">
        <label htmlFor={`${prefix}-org`}>{t("cp.admin.congress")}</label>
        <select id={`${prefix}-org`} name="organizationId" defaultValue={values?.organization_id}>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {values ? (
        <label className="cp-check">
          <input type="checkbox" name="active" value="yes" defaultChecked={values.active} />{" "}
          {t("cp.admin.active")}
        </label>
      ) : null}
    </>
  );
}

export default function AdminContactPoints({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { points, organizations } = loaderData;
  const result = actionData as ActionData | undefined;
  const message = (id?: string) =>
    result && result.pointId === id ? (
      <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
        {t(result.message)}
      </p>
    ) : null;
  return (
    <div className="page">
      <h1>{t("admin.contactPoints")}</h1>
      <ul className="cards single">
        {points.map((p) => (
          <li key={p.id} className="card">
            <h2 className="card-title">
              {p.name} {!p.active ? <span className="tag">{t("cp.admin.inactive")}</span> : null}
            </h2>
            <p className="muted">
              {p.district} · {p.address}
              {p.phone ? ` · ${p.phone}` : ""} · {p.host_organization || p.organizationName}
            </p>
            {message(p.id)}
            <h3 className="small-heading">{t("cp.admin.coordinators")}</h3>
            {p.coordinators.length === 0 ? (
              <p className="muted">{t("cp.admin.noCoordinator")}</p>
            ) : null}
            <ul className="role-list">
              {p.coordinators.map((c) => (
                <li key={c.id}>
                  {c.display_name} · {c.email}
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="unassign" />
                    <input type="hidden" name="pointId" value={p.id} />
                    <input type="hidden" name="userId" value={c.id} />
                    <button
                      type="submit"
                      className="link-button danger"
                      disabled={busy}
                      aria-label={t("cp.admin.unassignLabel", {
                        name: c.display_name,
                        point: p.name,
                      })}
                    >
                      {t("admin.users.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post" className="inline-fields">
              <CsrfInput />
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="pointId" value={p.id} />
              <div className="grant-field grow">
                <label htmlFor={`assign-${p.id}`}>{t("cp.admin.assignEmail")}</label>
                <input id={`assign-${p.id}`} name="email" type="email" required />
              </div>
              <button type="submit" className="button small" disabled={busy}>
                {t("cp.admin.assign")}
              </button>
            </Form>
            <details className="cp-edit">
              <summary>{t("cp.admin.edit")}</summary>
              <Form method="post" className="stack">
                <CsrfInput />
                <input type="hidden" name="intent" value="update" />
                <input type="hidden" name="pointId" value={p.id} />
                <PointFields
                  prefix={`edit-${p.id}`}
                  organizations={organizations}
                  values={p}
                  fields={result?.pointId === p.id ? result.fields : undefined}
                />
                <button type="submit" className="button" disabled={busy}>
                  {t("handling.save")}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="cp-admin-new">
        <h2 id="cp-admin-new">{t("cp.admin.new")}</h2>
        {message(undefined)}
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <PointFields
            prefix="new-point"
            organizations={organizations}
            fields={result && !result.pointId ? result.fields : undefined}
          />
          <button type="submit" className="button primary" disabled={busy}>
            {t("cp.admin.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
