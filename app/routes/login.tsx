import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { signIn } from "../../services/accounts.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { landingPathFor } from "../auth/permissions.server.ts";
import {
  signInAttempt,
  signInFailed,
  signInLocked,
  signInSucceeded,
  type SignInRefusal,
} from "../auth/sign-in-limits.server.ts";
import { getCurrentUser, signInAndRedirect } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Field } from "../components/field.tsx";
import { parseForm, readQuery, safeRedirect, textLine, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import type { Route } from "./+types/login";

/** Where to go after signing in: a path of this site, else the user's landing page. */
const LoginQuery = z.object({
  next: z
    .string()
    .optional()
    .catch(undefined)
    .transform((next) => safeRedirect(next, "")),
});

const SignInSchema = z.object({
  email: textLine().trim().min(1, "error.required").max(200, "error.email").email("error.email"),
  password: z.string().min(1, "error.required").max(200, "error.passwordLong"),
  next: z.string().optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await getCurrentUser(request, context);
  if (user) throw redirect(await landingPathFor(context, user));
  const t = requestTranslator(request);
  const { next } = readQuery(LoginQuery, request);
  return { next, pageTitle: `${t("auth.signIn.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const limited = (refusal: SignInRefusal) =>
    data(
      {
        errors: {} as FieldErrors,
        formError: refusal.message as MessageKey | null,
        formErrorParams: { minutes: refusal.minutes },
      },
      { status: 429, headers: { "Retry-After": String(refusal.retryAfter) } },
    );
  const flood = await signInAttempt(context);
  if (flood) return limited(flood);
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.ok) {
    const formError: MessageKey | null = null;
    return data({ errors: parsed.errors, formError, formErrorParams: {} }, { status: 400 });
  }
  const locked = await signInLocked(context, parsed.data.email);
  if (locked) return limited(locked);
  let userId: string;
  try {
    userId = await signIn(context.db, { ...parsed.data, ip: context.clientIp });
  } catch (error) {
    if (!isServiceError(error)) throw error;
    await signInFailed(context, parsed.data.email);
    const formError: MessageKey | null = messageKey(error.messageKey, "auth.signIn.failed");
    return data(
      { errors: {} as FieldErrors, formError, formErrorParams: {} },
      { status: error.status },
    );
  }
  await signInSucceeded(context, parsed.data.email);
  const user = await getUserWithRoles(context.db, userId);
  const fallback = user ? await landingPathFor(context, user) : "/me";
  return signInAndRedirect(request, context, userId, safeRedirect(parsed.data.next, fallback));
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
          {t(actionData.formError, actionData.formErrorParams)}
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

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
