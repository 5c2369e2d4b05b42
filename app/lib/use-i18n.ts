import { useRouteLoaderData } from "react-router";
import { regionName } from "../../db/regions.ts";
import { localizedLabel } from "../../editor/labels.ts";
import { formatDate, formatDateTime, translator, type Locale } from "../i18n/index.ts";
import type { TextSize } from "./text-size.ts";

export interface RootData {
  locale: Locale;
  timeZone: string;
  csrfToken: string;
  cspNonce: string;
  /** The reader's text size (issue 18, 适老化); absent where no root data was loaded. */
  textSize?: TextSize;
  /** `unread`: the user's unread notifications (handling); `queue`: on a bill's team (待我处理). */
  user: { displayName: string; roles: string[]; unread?: number; queue?: boolean } | null;
}

/** The root loader's data, which every page shares. */
export function useRootData(): RootData {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return (
    data ?? { locale: "zh-CN", timeZone: "Asia/Shanghai", csrfToken: "", cspNonce: "", user: null }
  );
}

/** Translation and formatting in the visitor's language and the deployment's time zone. */
export function useI18n() {
  const { locale, timeZone } = useRootData();
  return {
    locale,
    t: translator(locale),
    dateTime: (value: Date | string) => formatDateTime(locale, timeZone, value),
    date: (value: Date | string) => formatDate(locale, timeZone, value),
    /** A provision's label as it reads in a sentence or table cell: 第一条, or Article 1. */
    label: (text: string) => localizedLabel(text, locale),
    /** A region's name: 崇川区, or Chongchuan District. */
    region: (name: string) => regionName(name, locale),
  };
}
