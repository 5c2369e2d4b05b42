import { data } from "react-router";
import type { BillRole } from "../../db/codes.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import { billStandingOf } from "../../db/queries/disposition-work.ts";
import { getBill } from "../../db/queries/versions.ts";
import { capabilities, type BillCapability } from "../../services/bill-team.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";
import { forbidden, requireRole, requireUser } from "./permissions.server.ts";

export type { BillCapability } from "../../services/bill-team.ts";

/** Loads a bill or throws 404 in the visitor's language. */
export async function requireBill(request: Request, ctx: AppContext, billId: string) {
  const bill = await getBill(ctx.db, billId);
  if (!bill) {
    const t = requestTranslator(request);
    throw data({ message: t("bill.notFound") }, { status: 404 });
  }
  return bill;
}

/**
 * The bill, for a drafter (or admin) of the legislature that owns it; others get 403. The editor,
 * readings and consultations stay here: a bill's handlers and reviewers work on its dispositions
 * only (requireBillRole).
 */
export async function requireBillDrafter(request: Request, ctx: AppContext, billId: string) {
  const bill = await requireBill(request, ctx, billId);
  const user = await requireRole(request, ctx, ["drafter", "admin"], bill.organization_id);
  return { bill, user };
}

/**
 * The bill, for someone whose standing on it allows the capability (services/bill-team.ts
 * capabilities: the organization's drafters and admins, the bill's handlers and reviewers);
 * others get 403, a missing bill 404. Returns the user's team roles on the bill beside.
 */
export async function requireBillRole(
  request: Request,
  ctx: AppContext,
  billId: string,
  capability: BillCapability,
) {
  const bill = await requireBill(request, ctx, billId);
  const user = await requireUser(request, ctx);
  const standing = await billStandingOf(ctx.db, user.id, bill.id);
  if (!standing || !capabilities(standing).has(capability)) throw forbidden(request);
  const billRoles: BillRole[] = standing.billRoles;
  return {
    bill,
    user,
    billRoles,
    /** Everything the user may do on the bill, for the page to offer only that. */
    can: capabilities(standing),
  };
}

/** Loads a consultation or throws 404 in the visitor's language. */
async function findConsultation(request: Request, ctx: AppContext, consultationId: string) {
  const consultation = await getConsultation(ctx.db, consultationId);
  if (!consultation) {
    const t = requestTranslator(request);
    throw data({ message: t("consultation.notFound") }, { status: 404 });
  }
  return consultation;
}

/**
 * A consultation, for a drafter (or admin) of the legislature that owns its bill: 404 when there
 * is no such consultation, 403 for anyone else.
 */
export async function requireConsultationDrafter(
  request: Request,
  ctx: AppContext,
  consultationId: string,
) {
  const consultation = await findConsultation(request, ctx, consultationId);
  const { user } = await requireBillDrafter(request, ctx, consultation.billId);
  return { consultation, user };
}

/** A consultation, for someone whose standing on its bill allows the capability (see above). */
export async function requireConsultationRole(
  request: Request,
  ctx: AppContext,
  consultationId: string,
  capability: BillCapability,
) {
  const consultation = await findConsultation(request, ctx, consultationId);
  const { user, billRoles, can } = await requireBillRole(
    request,
    ctx,
    consultation.billId,
    capability,
  );
  return { consultation, user, billRoles, can };
}
