// The <meta> of an Akoma Ntoso act: FRBR identification of the work (the regulation), the
// expression (this text of it, in Chinese, at a date) and the manifestation (this XML file),
// plus the TLC references the identification points at. URIs follow the AKN naming
// convention: /akn/cn/act/{date}/{number}, then /zho@{date}, then .akn.

import { escapeXml, xmlAttributes } from "./xml.ts";

/** What the document does not say about itself; everything has a default. */
export interface AknMeta {
  /** The work's FRBR URI, e.g. /akn/cn/act/2021-01-22/dongwu-fangyi-fa; default /akn/cn/act/{date}/draft. */
  frbrUri?: string;
  /** The expression's date, YYYY-MM-DD; default today. */
  date?: string;
  /** The expression's language, ISO 639-2; Kaimen's texts are Chinese. */
  language?: "zho";
  /** The legislature that authors the work, shown as the author's name. */
  author?: string;
  /** The act's `name` attribute (its local document type); default "act". */
  name?: string;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The date to record, checked: AKN dates are xsd:date, and a wrong one would only fail later. */
function checkedDate(date: string | undefined): string {
  const value = date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new RangeError(`An Akoma Ntoso date must be YYYY-MM-DD, not "${value}".`);
  }
  return value;
}

/** The lines of <identification> and <references>, for the act's <meta>. */
export function identificationLines(meta: AknMeta): string[] {
  const date = checkedDate(meta.date);
  const language = meta.language ?? "zho";
  const work = (meta.frbrUri ?? `/akn/cn/act/${date}/draft`).replace(/\/+$/, "");
  const expression = `${work}/${language}@${date}`;
  const frbr = (tag: string, attrs: Record<string, string>) => `  <${tag}${xmlAttributes(attrs)}/>`;
  const dated = frbr("FRBRdate", { date, name: "Generation" });
  return [
    `<identification source="#kaimen">`,
    "  <FRBRWork>",
    "  " + frbr("FRBRthis", { value: `${work}/!main` }),
    "  " + frbr("FRBRuri", { value: work }),
    "  " + dated,
    "  " + frbr("FRBRauthor", { href: "#author" }),
    "  " + frbr("FRBRcountry", { value: "cn" }),
    "  </FRBRWork>",
    "  <FRBRExpression>",
    "  " + frbr("FRBRthis", { value: `${expression}/!main` }),
    "  " + frbr("FRBRuri", { value: expression }),
    "  " + dated,
    "  " + frbr("FRBRauthor", { href: "#author" }),
    "  " + frbr("FRBRlanguage", { language }),
    "  </FRBRExpression>",
    "  <FRBRManifestation>",
    "  " + frbr("FRBRthis", { value: `${expression}/!main.xml` }),
    "  " + frbr("FRBRuri", { value: `${expression}.akn` }),
    "  " + dated,
    "  " + frbr("FRBRauthor", { href: "#kaimen" }),
    "  </FRBRManifestation>",
    "</identification>",
    `<references source="#kaimen">`,
    `  <TLCOrganization eId="author" href="/ontology/organization/cn/author" showAs="${escapeXml(meta.author ?? "立法机关")}"/>`,
    `  <TLCOrganization eId="kaimen" href="/ontology/organization/kaimen" showAs="Kaimen"/>`,
    "</references>",
  ];
}
