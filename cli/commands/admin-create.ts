import { readEnv } from "../../config/env.ts";
import { hashPassword } from "../../db/password.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { defaultOrganizationId, upsertOrganization } from "../../db/queries/organizations.ts";
import {
  findUserForSignIn,
  grantRole,
  insertUser,
  normalizeEmail,
} from "../../db/queries/users.ts";
import { z } from "zod";
import { parseCommandLine, parseInput } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";
import { InputError } from "../errors.ts";

const usage = `Usage: kaimen admin:create --email EMAIL --name NAME [--password-stdin]
                           [--organization NAME --slug SLUG]

Creates the first administrator of a real deployment. The password is read from standard input
(one line) or, when stdin is a terminal, asked for. On an empty database --organization and
--slug name the legislature (人大常委会) to create.`;

const required = "--email and --name are required";
const AdminLine = z.object({
  email: z.string({ error: required }).min(1, required),
  name: z.string({ error: required }).min(1, required),
  "password-stdin": z.boolean().default(false),
  organization: z.string().optional(),
  slug: z.string().optional(),
  positionals: z.array(z.string()).max(0, "takes no arguments"),
});

/** The new administrator, as typed: a well-formed e-mail and a name of 1 to 50 characters. */
const administrator = (typedEmail: string) =>
  z.object({
    email: z
      .string()
      .transform(normalizeEmail)
      .refine((email) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email), {
        message: `"${typedEmail}" is not an e-mail address`,
      }),
    name: z.string().refine((name) => name.trim().length > 0 && name.length <= 50, {
      message: "--name must be 1 to 50 characters",
    }),
  });
const Password = z.string().min(12, "the password must have at least 12 characters");
const Slug = z.string().regex(/^[a-z0-9-]{2,60}$/, "--slug takes 2 to 60 of a-z, 0-9 and -");

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
    const values = parseCommandLine(
      args,
      {
        email: { type: "string" },
        name: { type: "string" },
        "password-stdin": { type: "boolean" },
        organization: { type: "string" },
        slug: { type: "string" },
      },
      AdminLine,
    );
    const { email, name } = parseInput(administrator(values.email), values);
    const password = parseInput(Password, await readPassword(values["password-stdin"]));
    const passwordHash = await hashPassword(password);

    await withDatabase(readEnv(), async ({ db }) => {
      await db.transaction().execute(async (trx) => {
        const taken = await findUserForSignIn(trx, email);
        if (taken) throw new InputError(`a user with the e-mail ${email} already exists`);
        let organizationId = await defaultOrganizationId(trx);
        if (!organizationId) {
          if (!values.organization || !values.slug) {
            throw new InputError(
              "the database has no legislature yet: pass --organization NAME and --slug SLUG",
            );
          }
          organizationId = await upsertOrganization(trx, {
            slug: parseInput(Slug, values.slug),
            name: values.organization,
            kind: "city",
            makesRegulations: true,
          });
        }
        const userId = await insertUser(trx, { email, displayName: name, passwordHash });
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
