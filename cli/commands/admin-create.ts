import { readEnv } from "../../config/env.ts";
import { hashPassword } from "../../db/password.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { defaultOrganizationId, upsertOrganization } from "../../db/queries/organizations.ts";
import { grantRole, insertUser, normalizeEmail } from "../../db/queries/users.ts";
import { parseCommandArgs } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";
import { InputError, UsageError } from "../errors.ts";

const usage = `Usage: kaimen admin:create --email EMAIL --name NAME [--password-stdin]
                           [--organization NAME --slug SLUG]

Creates the first administrator of a real deployment. The password is read from standard input
(one line) or, when stdin is a terminal, asked for. On an empty database --organization and
--slug name the legislature (人大常委会) to create.`;

async function readPassword(fromStdin: boolean): Promise<string> {
  if (!fromStdin && process.stdin.isTTY) {
    const { createInterface } = await import("node:readline/promises");
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question("Password (at least 12 characters): ");
    } finally {
      rl.close();
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

export const adminCreate: Command = {
  name: "admin:create",
  summary: "create an administrator (the first one of a real deployment)",
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      email: { type: "string" },
      name: { type: "string" },
      "password-stdin": { type: "boolean" },
      organization: { type: "string" },
      slug: { type: "string" },
    });
    if (!values.email || !values.name) throw new UsageError("--email and --name are required");
    const email = normalizeEmail(values.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw new InputError(`"${values.email}" is not an e-mail address`);
    if (values.name.trim().length === 0 || values.name.length > 50)
      throw new InputError("--name must be 1 to 50 characters");
    const password = await readPassword(values["password-stdin"] === true);
    if (password.length < 12) throw new InputError("the password must have at least 12 characters");
    const passwordHash = await hashPassword(password);

    await withDatabase(readEnv(), async ({ db }) => {
      await db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom("users")
          .select("id")
          .where("email", "=", email)
          .executeTakeFirst();
        if (taken) throw new InputError(`a user with the e-mail ${email} already exists`);
        let organizationId = await defaultOrganizationId(trx);
        if (!organizationId) {
          if (!values.organization || !values.slug) {
            throw new InputError(
              "the database has no legislature yet: pass --organization NAME and --slug SLUG",
            );
          }
          if (!/^[a-z0-9-]{2,60}$/.test(values.slug))
            throw new InputError("--slug takes 2 to 60 of a-z, 0-9 and -");
          organizationId = await upsertOrganization(trx, {
            slug: values.slug,
            name: values.organization,
            kind: "city",
            makesRegulations: true,
          });
        }
        const userId = await insertUser(trx, { email, displayName: values.name!, passwordHash });
        await grantRole(trx, { userId, organizationId, role: "admin" });
        await recordAudit(trx, {
          actorUserId: null,
          action: "user.admin_create",
          subjectType: "user",
          subjectId: userId,
        });
      });
    });
    process.stderr.write(`Administrator ${email} created.\n`);
    return 0;
  },
};
