import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { getExpert, listExperts } from "../../db/queries/experts.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  createExpert,
  ExpertInput,
  setExpertActive,
  updateExpert,
} from "../../services/experts.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, readQuery, textLine } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/experts.css";
import type { Route } from "./+types/workspace-experts";

// The expert registry (专家库) of the legislatures a drafter or administrator works for: search by
// field (or name), add an expert, correct an entry, make one inactive. Contact details are shown
// here and on the review page, to the legislature's drafters only.

const RegistryQuery = z.object({
  field: textLine().trim().max(100).optional().catch(undefined),
  edit: z.string().max(64).optional().catch(undefined),
});

const ExpertForm = ExpertInput.extend({
  organizationId: z.string().max(64).optional().default(""),
  expertId: z.string().max(64).optional().default(""),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const organizationIds = drafterOrganizations(user);
  const query = readQuery(RegistryQuery, request);
  const [experts, organizations, editing] = await Promise.all([
    listExperts(context.db, { organizationIds, field: query.field }),
    listOrganizations(context.db),
    query.edit ? getExpert(context.db, query.edit) : undefined,
  ]);
  return {
    title: requestTranslator(request)("experts.registry.title"),
    field: query.field ?? "",
    experts,
    organizations: organizations
      .filter((o) => organizationIds.includes(o.id))
      .map((o) => ({ id: o.id, name: o.name })),
    editing:
      editing && organizationIds.includes(editing.organization_id)
        ? {
            id: editing.id,
            name: editing.name,
            field: editing.field,
            affiliation: editing.affiliation,
            title: editing.title,
            email: editing.email ?? "",
            phone: editing.phone ?? "",
            conflicts: editing.conflicts,
          }
        : null,
  };
}

type ActionData = {
  ok: false;
  message: MessageKey;
  fields: Partial<Record<string, MessageKey>>;
  values?: Record<string, string>;
};

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const form = await requireCsrf(request, context);
  const actor = {
    userId: user.id,
    organizationIds: drafterOrganizations(user),
    ip: context.clientIp,
  };
  const intent = form.get("intent");
  try {
    if (intent === "activate" || intent === "deactivate") {
      await setExpertActive(context.db, {
        ...actor,
        expertId: String(form.get("expertId") ?? ""),
        active: intent === "activate",
      });
      return redirect(new URL(request.url).pathname + new URL(request.url).search);
    }
    const parsed = parseForm(ExpertForm, form);
    const values = Object.fromEntries(
      [...form.entries()].filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
    ) as Record<string, string>;
    if (!parsed.ok)
      return data<ActionData>(
        { ok: false, message: "error.invalidInput", fields: parsed.errors, values },
        { status: 400 },
      );
    const { organizationId, expertId, ...expert } = parsed.data;
    if (intent === "update") {
      await updateExpert(context.db, { ...actor, expertId, values: expert });
    } else {
      await createExpert(context.db, {
        ...actor,
        organizationId: organizationId || actor.organizationIds[0] || "",
        values: expert,
      });
    }
    return redirect(`/workspace/experts?field=${encodeURIComponent(expert.field)}`);
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

export default function ExpertRegistry({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { experts, organizations, editing, field } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result?.fields ?? {};
  const values: Record<string, string> = result?.values ?? editing ?? {};
  const busy = navigation.state !== "idle";
  const input = (name: string, label: MessageKey, type = "text", max = 100, hint?: MessageKey) => (
    <div className="field">
      <label htmlFor={`xp-${name}`}>{t(label)}</label>
      {hint ? (
        <p className="hint" id={`xp-${name}-hint`}>
          {t(hint)}
        </p>
      ) : null}
      <input
        id={`xp-${name}`}
        name={name}
        type={type}
        maxLength={max}
        defaultValue={values[name] ?? ""}
        aria-invalid={fields[name] ? true : undefined}
        aria-describedby={
          [hint ? `xp-${name}-hint` : "", fields[name] ? `xp-${name}-error` : ""]
            .filter(Boolean)
            .join(" ") || undefined
        }
      />
      {fields[name] ? (
        <p className="field-error" id={`xp-${name}-error`}>
          {t(fields[name])}
        </p>
      ) : null}
    </div>
  );
  return (
    <div className="page narrow-wide expert-registry">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link>
      </p>
      <h1>{t("experts.registry.title")}</h1>
      <p className="lead">{t("experts.registry.intro")}</p>

      <Form method="get" className="expert-search" role="search">
        <label htmlFor="xp-search">{t("experts.registry.search")}</label>
        <input id="xp-search" name="field" type="search" defaultValue={field} maxLength={100} />
        <button className="button" type="submit">
          {t("experts.registry.searchButton")}
        </button>
      </Form>

      <section aria-labelledby="xp-list-h">
        <h2 id="xp-list-h">
          {field
            ? t("experts.registry.found", { count: experts.length, field })
            : t("experts.registry.all", { count: experts.length })}
        </h2>
        {experts.length === 0 ? (
          <p className="empty">{t("experts.registry.empty")}</p>
        ) : (
          <ul className="cards single">
            {experts.map((e) => (
              <li key={e.id} className={`card${e.active ? "" : " expert-inactive"}`}>
                <h3 className="card-title">
                  {e.name}
                  {e.title ? <span className="muted"> · {e.title}</span> : null}
                </h3>
                <p>
                  <span className="tag">{e.field}</span> {e.affiliation}
                  {e.active ? null : (
                    <span className="tag tag-closed"> {t("experts.registry.inactive")}</span>
                  )}
                </p>
                <p className="muted expert-contact">
                  {t("experts.registry.contact")}: {e.email ?? "—"} · {e.phone ?? "—"}
                </p>
                {e.conflicts ? (
                  <p className="muted">
                    {t("experts.registry.conflicts")}: {e.conflicts}
                  </p>
                ) : null}
                {organizations.length > 1 ? <p className="muted">{e.organizationName}</p> : null}
                <div className="actions">
                  <Link to={`/workspace/experts?edit=${e.id}#xp-form-h`}>
                    {t("experts.registry.edit", { name: e.name })}
                  </Link>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="expertId" value={e.id} />
                    <button
                      className="button"
                      type="submit"
                      name="intent"
                      value={e.active ? "deactivate" : "activate"}
                      disabled={busy}
                    >
                      {e.active
                        ? t("experts.registry.deactivate", { name: e.name })
                        : t("experts.registry.activate", { name: e.name })}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="xp-form-h" className="panel">
        <h2 id="xp-form-h">
          {editing
            ? t("experts.registry.editTitle", { name: editing.name })
            : t("experts.registry.add")}
        </h2>
        {result ? (
          <p className="form-error" role="alert">
            {t(result.message)}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          {editing ? <input type="hidden" name="expertId" value={editing.id} /> : null}
          {!editing && organizations.length > 1 ? (
            <div className="field">
              <label htmlFor="xp-org">{t("experts.registry.organization")}</label>
              <select id="xp-org" name="organizationId">
                {organizations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {input("name", "experts.field.name", "text", 50)}
          {input("field", "experts.field.field", "text", 100, "experts.field.fieldHint")}
          {input("affiliation", "experts.field.affiliation", "text", 200)}
          {input("title", "experts.field.title", "text", 100)}
          {input("email", "experts.field.email", "email", 254, "experts.field.contactHint")}
          {input("phone", "experts.field.phone", "tel", 30)}
          <div className="field">
            <label htmlFor="xp-conflicts">{t("experts.field.conflicts")}</label>
            <p className="hint" id="xp-conflicts-hint">
              {t("experts.field.conflictsHint")}
            </p>
            <textarea
              id="xp-conflicts"
              name="conflicts"
              rows={2}
              maxLength={2000}
              defaultValue={values.conflicts ?? ""}
              aria-describedby="xp-conflicts-hint"
            />
          </div>
          <div className="actions">
            <button
              type="submit"
              name="intent"
              value={editing ? "update" : "create"}
              className="button primary"
              disabled={busy}
            >
              {editing ? t("experts.registry.saveEdit") : t("experts.registry.addButton")}
            </button>
            {editing ? (
              <Link to="/workspace/experts">{t("experts.registry.cancelEdit")}</Link>
            ) : null}
          </div>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
