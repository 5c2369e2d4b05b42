import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Channel, OrganizationKind, Role, VersionLabel } from "./codes.ts";
import { hashPassword } from "./password.ts";
import { insertBill, insertVersion, type ProvisionRowInput } from "./queries/bills.ts";
import { insertConsultation } from "./queries/consultations.ts";
import { upsertContactPoint, upsertOrganization } from "./queries/organizations.ts";
import { grantRole, insertUser } from "./queries/users.ts";
import type { Database } from "./schema.ts";

// One set of factories feeds the tests and the demo seed: every default is valid data, and
// anything a test cares about is passed in.

const unique = () => randomUUID().slice(0, 8);

/** Creates (or finds by slug) an organization. */
export function makeOrganization(
  db: Kysely<Database>,
  input: Partial<{
    slug: string;
    name: string;
    kind: OrganizationKind;
    parentId: string | null;
    makesRegulations: boolean;
  }> = {},
): Promise<string> {
  const slug = input.slug ?? `org-${unique()}`;
  return upsertOrganization(db, {
    slug,
    name: input.name ?? `测试市人大常委会 ${slug}`,
    kind: input.kind ?? "city",
    parentId: input.parentId ?? null,
    makesRegulations: input.makesRegulations ?? (input.kind ?? "city") === "city",
  });
}

/** Creates a contact point hosted by an organization. */
export function makeContactPoint(
  db: Kysely<Database>,
  input: { organizationId: string } & Partial<{
    name: string;
    district: string;
    address: string;
    phone: string;
  }>,
): Promise<string> {
  return upsertContactPoint(db, {
    organizationId: input.organizationId,
    name: input.name ?? `测试基层立法联系点 ${unique()}`,
    district: input.district ?? "崇川区",
    address: input.address ?? "崇川区测试路 1 号",
    phone: input.phone ?? null,
  });
}

export interface MadeUser {
  id: string;
  email: string;
  password: string;
}

/** Creates a user with a real argon2id hash and the given roles. */
export async function makeUser(
  db: Kysely<Database>,
  input: Partial<{ email: string; displayName: string; password: string }> & {
    roles?: { role: Role; organizationId: string; contactPointId?: string }[];
  } = {},
): Promise<MadeUser> {
  const email = input.email ?? `user-${unique()}@example.org`;
  const password = input.password ?? `pw-${unique()}-${unique()}`;
  const id = await insertUser(db, {
    email,
    displayName: input.displayName ?? "测试用户",
    passwordHash: await hashPassword(password),
  });
  for (const r of input.roles ?? []) await grantRole(db, { userId: id, ...r });
  return { id, email, password };
}

/** A minimal well-formed document and its provision rows, for tests that need any bill text. */
export function sampleText(
  articleTexts: string[],
  title = "测试条例",
): { document: object; provisions: ProvisionRowInput[] } {
  const pids = articleTexts.map(() => randomUUID());
  const document = {
    type: "doc",
    content: [
      { type: "title", content: [{ type: "text", text: title }] },
      ...articleTexts.map((text, i) => ({
        type: "article",
        attrs: { pid: pids[i] },
        content: [
          {
            type: "paragraph",
            attrs: { pid: randomUUID() },
            content: [{ type: "para_text", content: [{ type: "text", text }] }],
          },
        ],
      })),
    ],
  };
  const provisions = articleTexts.map((text, i) => ({
    pid: pids[i]!,
    kind: "article" as const,
    ordinal: i,
    number: i + 1,
    label: `第${i + 1}条`,
    headingPath: [],
    text,
    parentPid: null,
  }));
  return { document, provisions };
}

/** Creates a bill with one published version and returns both ids. */
export async function makeBillWithVersion(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    title?: string;
    label?: VersionLabel;
    document?: object;
    provisions?: ProvisionRowInput[];
    createdBy?: string | null;
    publishedAt?: Date;
  },
): Promise<{ billId: string; versionId: string }> {
  const title = input.title ?? `测试条例 ${unique()}`;
  const text =
    input.document && input.provisions
      ? { document: input.document, provisions: input.provisions }
      : sampleText(["为了测试，制定本条例。", "本条例自公布之日起施行。"], title);
  const billId = await insertBill(db, {
    organizationId: input.organizationId,
    title,
    kind: "new",
    document: text.document,
    createdBy: input.createdBy ?? null,
  });
  const versionId = await insertVersion(db, {
    billId,
    label: input.label ?? "first_reading",
    title,
    document: text.document,
    provisions: text.provisions,
    publishedBy: input.createdBy ?? null,
    ...(input.publishedAt ? { publishedAt: input.publishedAt } : {}),
  });
  return { billId, versionId };
}

/** Opens a consultation on a version; by default open from yesterday for 30 days. */
export function makeConsultation(
  db: Kysely<Database>,
  input: { versionId: string } & Partial<{
    title: string;
    opensAt: Date;
    closesAt: Date;
    allowAnonymous: boolean;
    moderation: "post" | "pre";
    channels: Channel[];
  }>,
): Promise<string> {
  const opensAt = input.opensAt ?? new Date(Date.now() - 86_400_000);
  return insertConsultation(db, {
    versionId: input.versionId,
    title: input.title ?? "测试征求意见",
    opensAt,
    closesAt: input.closesAt ?? new Date(opensAt.getTime() + 30 * 86_400_000),
    allowAnonymous: input.allowAnonymous ?? true,
    moderation: input.moderation ?? "post",
    ...(input.channels ? { channels: input.channels } : {}),
  });
}
