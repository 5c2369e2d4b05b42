import { Form, Link } from "react-router";
import { z } from "zod";
import { listNotifications, markRead } from "../../services/notifications.ts";
import { requireUser } from "../auth/permissions.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { noticeText } from "../lib/notice-text.ts";
import { safeRedirect } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/handling.css";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/notifications";

const MarkRead = z.object({ id: z.string().uuid().optional() });

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const rows = await listNotifications(context.db, user.id);
  return {
    title: requestTranslator(request)("handling.notifications.title"),
    notifications: rows.map((n) => {
      const data = n.data as Record<string, unknown>;
      return {
        id: n.id,
        kind: n.kind,
        data,
        link: safeRedirect(typeof data.link === "string" ? data.link : null, ""),
        createdAt: n.created_at,
        read: n.read_at !== null,
      };
    }),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await requireCsrf(request, context);
  const parsed = MarkRead.safeParse({ id: form.get("id") || undefined });
  // Only the person's own rows are touched: markRead filters by their id.
  const marked = parsed.success ? await markRead(context.db, user.id, parsed.data.id) : 0;
  return { marked };
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const { t, dateTime, locale } = useI18n();
  const { notifications } = loaderData;
  const unread = notifications.some((n) => !n.read);
  return (
    <div className="page narrow-wide">
      <h1>{t("handling.notifications.title")}</h1>
      {unread ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit" className="button small">
            {t("handling.notifications.markAll")}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p className="empty">{t("handling.notifications.empty")}</p>
      ) : (
        <ul className="cards single notification-list">
          {notifications.map((n) => {
            const text = noticeText(locale, n.kind, n.data);
            return (
              <li key={n.id} className={`card notification${n.read ? "" : " unread"}`}>
                <h2 className="card-title">
                  {n.read ? null : (
                    <span className="handling-badge">{t("handling.notifications.unread")}</span>
                  )}{" "}
                  {text.title}
                </h2>
                <p>{text.body}</p>
                <div className="muted notification-actions">
                  {dateTime(n.createdAt)}
                  {n.link ? (
                    <>
                      {" · "}
                      <Link to={n.link}>{t("handling.notifications.open")}</Link>
                    </>
                  ) : null}
                  {n.read ? null : (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" className="link-button">
                        {t("handling.notifications.markRead")}
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
