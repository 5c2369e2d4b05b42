// A mail-delivery worker as its own process, for the test that kills one with SIGKILL in the
// middle of a delivery (tests/integration/mail-delivery.test.ts). Arguments: the database URL,
// a file to which each accepted message's Message-ID is appended ("sent <id>"), and how many
// messages to accept before the transport stops answering ("hang <id>"), as an SMTP server that
// went silent mid-conversation would. The lease is two seconds so the test need not wait long.

import fs from "node:fs";
import { connectDatabase } from "../../db/client.ts";
import { startMailDelivery } from "../../services/mail-delivery.ts";

const [databaseUrl, outFile, hangAfterArg] = process.argv.slice(2);
if (!databaseUrl || !outFile) throw new Error("usage: mail-worker.ts DATABASE_URL OUT_FILE [N]");
const hangAfter = hangAfterArg ? Number(hangAfterArg) : Infinity;

const handle = await connectDatabase({ databaseUrl, poolSize: 2 });
let accepted = 0;
// Keeps the process alive while the transport hangs and the pool's idle connections close.
const alive = setInterval(() => {}, 1000);
const delivery = startMailDelivery(handle.db, {
  pollMs: 50,
  batchSize: 5,
  leaseSeconds: 2,
  sendTimeoutMs: 0,
  log: (line) => process.stderr.write(`${line}\n`),
  transport: {
    async sendMail(message) {
      if (accepted >= hangAfter) {
        fs.appendFileSync(outFile, `hang ${message.messageId}\n`);
        await new Promise(() => {});
      }
      accepted++;
      fs.appendFileSync(outFile, `sent ${message.messageId}\n`);
    },
  },
});
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void delivery.stop().then(async () => {
    clearInterval(alive);
    await handle.close();
  });
});
