import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { findUserForSignIn, getUserWithRoles } from "../../db/queries/users.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { verifyPassword } from "../../db/password.ts";
import { landingPath } from "../auth/permissions.server.ts";
import { enforceRateLimit } from "../auth/rate-limit.server.ts";
import { getCurrentUser, signInAndRedirect } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Field } from "../components/field.tsx";
import { parseForm, safeRedirect, textLine, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { MessageKey } from "../i18n/index.ts";
import type { Route } from "./+types/login";

const SignInSchema = z.object({
  email: textLine().trim().min(1, "error.required").max(200, "error.email").email("error.email"),
  password: z.string().min(1, "error.required").max(200, "error.passwordLong"),
  next: z.string().optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await getCurrentUser(request, context);
  if (user) throw redirect(landingPath(user));
  return { next: safeRedirect(new URL(request.url).searchParams.get("next"), "") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  await enforceRateLimit(request, context, "signIn");
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.ok)
    return data({ errors: parsed.errors, formError: null as MessageKey | null }, { status: 400 });
  const found = await findUserForSignIn(context.db, parsed.data.email);
  const valid = await verifyPassword(found?.password_hash, parsed.data.password);
  if (!found || !valid || found.disabled_at) {
    return data(
      { errors: {} as FieldErrors, formError: "auth.signIn.failed" as MessageKey | null },
      { status: 400 },
    );
  }
  await recordAudit(context.db, {
    actorUserId: found.id,
    action: "user.sign_in",
    subjectType: "user",
    subjectId: found.id,
    ip: context.clientIp,
  });
  const user = await getUserWithRoles(context.db, found.id);
  const fallback = user ? landingPath(user) : "/me";
  return signInAndRedirect(request, context, found.id, safeRedirect(parsed.data.next, fallback));
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const next = loaderData?.next ?? "";
  const errors = actionData?.errors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("auth.signIn.title")}</h1>
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {t(actionData.formError)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="next" value={next} />
        <Field
          name="email"
          type="email"
          label={t("auth.email")}
          autoComplete="email"
          required
          error={errors.email}
        />
        <Field
          name="password"
          type="password"
          label={t("auth.password")}
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <button
          type="submit"
          className="button primary"
          disabled={navigation.state === "submitting"}
        >
          {t("auth.signIn.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signIn.noAccount")} <Link to="/signup">{t("nav.signUp")}</Link>
      </p>
    </div>
  );
}
