import type { Readable } from "node:stream";

/**
 * A Node stream as a web stream that reads a chunk only when the response asks for one. Node
 * 20's Readable.toWeb keeps reading ahead of a slower reader (the 120,000-opinion CSV, written
 * faster than the socket takes it, grew the server by 159 MB in bench/scale.ts), so the file's
 * own backpressure is passed on here by pulling. Every streamed download answers through it.
 */
export function pulledStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else
          controller.enqueue(typeof next.value === "string" ? Buffer.from(next.value) : next.value);
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
