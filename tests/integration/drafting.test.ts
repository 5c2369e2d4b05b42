import fs from "node:fs";
import { collab, getVersion, receiveTransaction, sendableSteps } from "prosemirror-collab";
import { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { Step } from "prosemirror-transform";
import { describe, expect, it } from "vitest";
import * as draftSteps from "../../app/routes/draft-steps.ts";
import * as login from "../../app/routes/login.tsx";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { listProvisions } from "../../db/queries/bills.ts";
import { getDraft } from "../../db/queries/drafts.ts";
import { alignProvisions } from "../../editor/compare/align.ts";
import { decodeText } from "../../editor/import/decode.ts";
import { parseLegalText } from "../../editor/import/parse.ts";
import { deriveProvisions } from "../../editor/provisions.ts";
import { legalSchema } from "../../editor/schema.ts";
import { catchUp, receiveSteps } from "../../services/collaboration.ts";
import { ServiceError } from "../../services/errors.ts";
import { addReadingFromFile, createBill, publishDraft } from "../../services/readings.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, makeContext, TEST_CSRF } from "../support/routes.ts";

const law = (name: string) => new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`));
const parseFile = (name: string) => parseLegalText(decodeText(law(name))).doc;

describe("drafts and readings", () => {
  const t = useTestDatabase();

  it("imports readings as one lineage: pids carry from 一审稿 to 二审稿 through the alignment", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, {
      organizationId: org,
      title: "动物防疫法（修订草案）",
      kind: "revision",
    });
    const first = await addReadingFromFile(db, {
      billId,
      bytes: law("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt"),
      filename: "yishen.txt",
      label: "first_reading",
    });
    expect(first).toMatchObject({ articles: 113, unplaced: [], draftReplaced: true });
    const second = await addReadingFromFile(db, {
      billId,
      bytes: law("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt"),
      filename: "ershen.txt",
      label: "second_reading",
    });
    expect(second.articles).toBe(112);
    const a = (await listProvisions(db, first.versionId)).filter((p) => p.kind === "article");
    const b = (await listProvisions(db, second.versionId)).filter((p) => p.kind === "article");
    // Articles carry their pid to the article the comparison pairs them with; articles the
    // second reading added have new pids, and none is shared twice.
    const firstPids = new Map(a.map((p) => [p.pid, p]));
    const carried = b.filter((p) => firstPids.has(p.pid));
    expect(carried.length).toBeGreaterThan(100);
    expect(new Set(b.map((p) => p.pid)).size).toBe(112);
    expect(b[0]!.pid).toBe(a[0]!.pid);
    // Each carried pid joins exactly the two articles the comparison pairs by their text.
    const byText = alignProvisions(
      deriveProvisions(parseFile("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt")),
      deriveProvisions(parseFile("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt")),
    );
    const textPairs = new Set(
      byText.filter((r) => r.old.length && r.new.length).map((r) => `${r.old[0]}>${r.new[0]}`),
    );
    for (const p of carried)
      expect(textPairs.has(`${firstPids.get(p.pid)!.number}>${p.number}`)).toBe(true);
    expect(b[0]!.label).toBe("第一条");
    const versions = await db
      .selectFrom("versions")
      .select(["label", "seq"])
      .where("bill_id", "=", billId)
      .orderBy("seq")
      .execute();
    expect(versions.map((v) => v.label)).toEqual(["first_reading", "second_reading"]);
  });

  it("refuses a file with no article, and a PDF, storing nothing", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, { organizationId: org, title: "空", kind: "new" });
    await expect(
      addReadingFromFile(db, {
        billId,
        bytes: new TextEncoder().encode("只是一段说明文字。\n"),
        filename: "x.txt",
        label: "first_reading",
      }),
    ).rejects.toThrow(ServiceError);
    await expect(
      addReadingFromFile(db, {
        billId,
        bytes: new TextEncoder().encode("%PDF-1.7 ..."),
        filename: "x.pdf",
        label: "first_reading",
      }),
    ).rejects.toMatchObject({
      code: "unsupported_format",
      params: { reason: expect.stringMatching(/PDF/) as unknown },
    });
    expect(
      await db.selectFrom("versions").select("id").where("bill_id", "=", billId).execute(),
    ).toEqual([]);
  });

  it("publishes the working draft as a reading, and keeps a draft with unpublished work when a file is imported", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, {
      organizationId: org,
      title: "南通市测试条例",
      kind: "new",
    });
    const draft = await getDraft(db, billId);
    let doc = Node.fromJSON(legalSchema, draft!.document);
    const paraText = findFirst(doc, "para_text");
    const typed = EditorState.create({ doc }).tr.insertText("为了测试，制定本条例。", paraText + 1);
    const result = await receiveSteps(db, {
      billId,
      revision: 0,
      steps: typed.steps.map((s) => s.toJSON()),
      clientId: "a",
      userId: null,
    });
    expect(result).toEqual({ accepted: true, revision: 1 });
    const versionId = await publishDraft(db, { billId, label: "first_reading" });
    const rows = await listProvisions(db, versionId);
    expect(rows.find((r) => r.kind === "article")).toMatchObject({
      label: "第一条",
      text: "为了测试，制定本条例。",
    });
    // Unpublished work in the draft survives importing a reading.
    doc = typed.doc;
    const more = EditorState.create({ doc }).tr.insertText(
      "未发布的修改",
      findFirst(doc, "para_text") + 1,
    );
    await receiveSteps(db, {
      billId,
      revision: 1,
      steps: more.steps.map((s) => s.toJSON()),
      clientId: "a",
      userId: null,
    });
    const imported = await addReadingFromFile(db, {
      billId,
      bytes: law("shengzhu-tuzai-tiaoli-2021.txt"),
      filename: "pig.txt",
      label: "second_reading",
    });
    expect(imported.draftReplaced).toBe(false);
    const kept = Node.fromJSON(legalSchema, (await getDraft(db, billId))!.document);
    expect(kept.textContent).toContain("未发布的修改");
  });

  it("merges two drafters' edits on different articles, and rebases overlapping ones without losing either", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, { organizationId: org, title: "测试", kind: "new" });
    await addReadingFromFile(db, {
      billId,
      bytes: law("shengzhu-tuzai-tiaoli-2008.txt"),
      filename: "pig.txt",
      label: "first_reading",
    });
    const start = await getDraft(db, billId);
    const client = (id: string) =>
      EditorState.create({
        doc: Node.fromJSON(legalSchema, start!.document),
        plugins: [collab({ version: start!.revision, clientID: id })],
      });
    let alice = client("alice");
    let bob = client("bob");
    const articleText = (state: EditorState, n: number) =>
      positionsOf(state.doc, "para_text", "article")[n - 1]!;

    alice = alice.apply(alice.tr.insertText("【甲的修改】", articleText(alice, 2) + 1));
    bob = bob.apply(bob.tr.insertText("【乙的修改】", articleText(bob, 9) + 1));

    // What the editor page does: send unconfirmed steps; on refusal take the missed steps
    // (rebasing ours) and send again; finally pull whatever others confirmed meanwhile.
    const sync = async (state: EditorState, id: string): Promise<EditorState> => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const sendable = sendableSteps(state);
        if (!sendable) break;
        const sent = await receiveSteps(db, {
          billId,
          revision: getVersion(state),
          steps: sendable.steps.map((s) => s.toJSON()),
          clientId: id,
          userId: null,
        });
        if (sent?.accepted) {
          const confirmed = await catchUp(db, billId, getVersion(state));
          if (confirmed?.kind !== "steps") throw new Error("expected steps");
          state = state.apply(
            receiveTransaction(
              state,
              confirmed.steps.map((s) => Step.fromJSON(legalSchema, s)),
              confirmed.clientIds,
            ),
          );
        } else {
          const missed = await catchUp(db, billId, getVersion(state));
          if (missed?.kind !== "steps") throw new Error("expected steps");
          state = state.apply(
            receiveTransaction(
              state,
              missed.steps.map((s) => Step.fromJSON(legalSchema, s)),
              missed.clientIds,
            ),
          );
        }
      }
      const rest = await catchUp(db, billId, getVersion(state));
      if (rest?.kind !== "steps") throw new Error("expected steps");
      return state.apply(
        receiveTransaction(
          state,
          rest.steps.map((s) => Step.fromJSON(legalSchema, s)),
          rest.clientIds,
        ),
      );
    };
    alice = await sync(alice, "alice");
    bob = await sync(bob, "bob"); // refused first (alice was first), rebased, then accepted
    alice = await sync(alice, "alice");
    const server = Node.fromJSON(legalSchema, (await getDraft(db, billId))!.document);
    expect(server.textContent).toContain("【甲的修改】");
    expect(server.textContent).toContain("【乙的修改】");
    expect(alice.doc.eq(server)).toBe(true);
    expect(bob.doc.eq(server)).toBe(true);

    // Both type into the same sentence at the same moment: both insertions survive.
    alice = alice.apply(alice.tr.insertText("甲", articleText(alice, 3) + 3));
    bob = bob.apply(bob.tr.insertText("乙", articleText(bob, 3) + 3));
    await sync(alice, "alice");
    await sync(bob, "bob");
    const after = Node.fromJSON(legalSchema, (await getDraft(db, billId))!.document);
    const third = after.child(positionIndex(after, 3));
    expect(third.textContent).toMatch(/甲/);
    expect(third.textContent).toMatch(/乙/);
  });

  it("takes a resend of steps it already has once: a keepalive flush racing the regular save adds only what is new", async () => {
    const db = t.handle.db;
    const ctx = () => makeContext(db, t.handle.kind);
    const org = await makeOrganization(db);
    const billId = await createBill(db, { organizationId: org, title: "关闭标签页", kind: "new" });
    const user = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const cookie = cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );
    // What the editor sends, the regular save and the keepalive flush alike.
    const send = async (revision: number, clientId: string, steps: unknown[]) => {
      const outcome = await callRoute(
        draftSteps.action,
        new Request(`http://localhost/bills/${billId}/draft/steps`, {
          method: "POST",
          headers: {
            Cookie: cookie,
            Origin: "http://localhost",
            "Content-Type": "application/json",
            "X-CSRF-Token": TEST_CSRF,
          },
          body: JSON.stringify({ revision, clientId, steps }),
          keepalive: true,
        }),
        ctx(),
        { billId },
      );
      expect(outcome.status).toBe(200);
      return outcome.data as { accepted: boolean; revision: number };
    };
    /** The first article's text as the server holds it. */
    const textOnServer = async () => {
      const doc = Node.fromJSON(legalSchema, (await getDraft(db, billId))!.document);
      return doc.nodeAt(findFirst(doc, "para_text"))!.textContent;
    };

    const start = await getDraft(db, billId);
    let state = EditorState.create({
      doc: Node.fromJSON(legalSchema, start!.document),
      plugins: [collab({ version: start!.revision, clientID: "tab-1" })],
    });
    const at = findFirst(state.doc, "para_text") + 1;
    for (const [i, text] of ["为了", "规范", "养犬"].entries())
      state = state.apply(state.tr.insertText(text, at + i * 2));
    const mine = sendableSteps(state)!.steps.map((s) => s.toJSON());
    expect(mine).toHaveLength(3);

    // The regular save took the first keystroke; the tab closed and flushed all three.
    expect(await send(0, "tab-1", mine.slice(0, 1))).toEqual({ accepted: true, revision: 1 });
    expect(await send(0, "tab-1", mine)).toEqual({ accepted: true, revision: 3 });
    expect(await textOnServer()).toBe("为了规范养犬");
    // The same flush again, or the regular save arriving after the flush: nothing doubles.
    expect(await send(0, "tab-1", mine)).toEqual({ accepted: true, revision: 3 });
    expect(await send(0, "tab-1", mine.slice(0, 2))).toEqual({ accepted: true, revision: 3 });
    expect(await send(1, "tab-1", mine.slice(1))).toEqual({ accepted: true, revision: 3 });
    expect(await textOnServer()).toBe("为了规范养犬");
    expect((await getDraft(db, billId))!.revision).toBe(3);

    // The tab's catch-up takes its own steps back as confirmed, without applying them again.
    const confirmed = await catchUp(db, billId, getVersion(state));
    if (confirmed?.kind !== "steps") throw new Error("expected steps");
    state = state.apply(
      receiveTransaction(
        state,
        confirmed.steps.map((s) => Step.fromJSON(legalSchema, s)),
        confirmed.clientIds,
      ),
    );
    expect(sendableSteps(state)).toBeNull();
    expect(state.doc.nodeAt(at - 1)!.textContent).toBe("为了规范养犬");

    // Not a resend: other steps than the ones on the server, another client's identical steps,
    // or a resend with someone else's steps in between are refused as a conflict, unchanged.
    const other = EditorState.create({
      doc: Node.fromJSON(legalSchema, start!.document),
      plugins: [collab({ version: 0, clientID: "tab-1" })],
    });
    const different = other.apply(other.tr.insertText("为此", at));
    expect(
      await send(
        0,
        "tab-1",
        sendableSteps(different)!.steps.map((s) => s.toJSON()),
      ),
    ).toEqual({ accepted: false, revision: 3 });
    expect(await send(0, "tab-2", mine)).toEqual({ accepted: false, revision: 3 });
    const theirs = state.apply(state.tr.insertText("。", at + 6));
    expect(
      await send(
        3,
        "tab-2",
        sendableSteps(theirs)!.steps.map((s) => s.toJSON()),
      ),
    ).toEqual({ accepted: true, revision: 4 });
    expect(await send(0, "tab-1", [...mine, mine[0]!])).toEqual({
      accepted: false,
      revision: 4,
    });
    expect(await textOnServer()).toBe("为了规范养犬。");
  });

  it("refuses steps that do not apply, and leaves the draft as it was", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, { organizationId: org, title: "测试", kind: "new" });
    const bogus = {
      stepType: "replace",
      from: 99999,
      to: 99999,
      slice: { content: [{ type: "text", text: "x" }] },
    };
    await expect(
      receiveSteps(db, { billId, revision: 0, steps: [bogus], clientId: "x", userId: null }),
    ).rejects.toMatchObject({ code: "invalid_steps" });
    expect((await getDraft(db, billId))!.revision).toBe(0);
  });
});

function findFirst(doc: Node, type: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found === -1 && node.type.name === type) found = pos;
    return found === -1;
  });
  return found;
}

/** Positions of the first `type` node inside each `within` node, in order. */
function positionsOf(doc: Node, type: string, within: string): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === within) {
      let first = -1;
      node.descendants((child, childPos) => {
        if (first === -1 && child.type.name === type) first = pos + 1 + childPos;
        return first === -1;
      });
      out.push(first);
      return false;
    }
    return true;
  });
  return out;
}

/** Index among the document's children of the chapter holding article n (the pig law has chapters). */
function positionIndex(doc: Node, n: number): number {
  let count = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const child = doc.child(i);
    let inside = 0;
    child.descendants((node) => {
      if (node.type.name === "article") inside++;
      return node.type.name !== "article";
    });
    if (child.type.name === "article") inside = 1;
    if (count + inside >= n) return i;
    count += inside;
  }
  return -1;
}
