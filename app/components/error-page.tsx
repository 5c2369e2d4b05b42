import { useRouteError } from "react-router";
import { routeErrorMessage, routeErrorStatus } from "../lib/route-error.ts";
import { useI18n } from "../lib/use-i18n.ts";

/**
 * The refusal or failure of the route below, as the body of a page: the status and a message
 * in the visitor's language, never a stack. The root and the area layouts render it, inside the
 * site's header, navigation and search.
 */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("error.title")}</h1>
      <p className="error-status">{routeErrorStatus(error)}</p>
      <p>{routeErrorMessage(error, t)}</p>
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </div>
  );
}
