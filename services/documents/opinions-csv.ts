import { Readable } from "node:stream";
import { csvStream } from "./csv.ts";
import { opinionColumns, type OpinionFileOptions, type OpinionRow } from "./opinion-columns.ts";

/**
 * A consultation's opinions as CSV, one row an opinion under a header of the columns' names,
 * written page by page as `pages` yields them: the file streams in constant memory however many
 * opinions there are (a Civil Code consultation has 120,000), and stops reading pages while
 * the reader is slow.
 */
export function opinionsCsv(
  pages: AsyncIterable<readonly OpinionRow[]>,
  options: OpinionFileOptions,
): Readable {
  const columns = opinionColumns(options);
  const out = csvStream();
  void (async () => {
    try {
      out.write(columns.map((c) => options.t(c.header)));
      let index = 0;
      for await (const page of pages) {
        // A page at a time (a few hundred kilobytes), then wait for the reader: waiting after
        // every record would cost a turn of the event loop per handful of opinions.
        for (const o of page) {
          const record = columns.map((c) => c.value(o, index));
          index += 1;
          out.write(record);
        }
        if (out.writableNeedDrain) await drained(out);
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** Resolves when a writable has room again, or rejects when it is destroyed (the reader left). */
export function drained(stream: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", closed);
      resolve();
    };
    const closed = () => {
      stream.off("drain", done);
      reject(new Error("the download was abandoned"));
    };
    stream.once("drain", done);
    stream.once("close", closed);
  });
}
