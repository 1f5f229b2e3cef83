// SseParser: messages out of text split anywhere, and the event id / retry a resume needs.
import { describe, expect, test } from "bun:test";
import { SseParser } from "./sse-reader.ts";

function parse(chunks: string[]) {
  const messages: unknown[] = [];
  const parser = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  return { parser, messages };
}

describe("SseParser", () => {
  test("messages, event ids and retry survive any split of the text", () => {
    const text =
      'id: p1\r\nretry: 250\r\ndata: \r\n\r\n: comment\nevent: message\nid: e2\ndata: {"a":\ndata: 1}\n\nevent: other\ndata: {"skip":true}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const { parser, messages } = parse([text.slice(0, cut), text.slice(cut)]);
      parser.end();
      expect(messages).toEqual([{ a: 1 }]);
      expect(parser.lastEventId).toBe("e2");
      expect(parser.retryMs).toBe(250);
    }
  });

  test("an id counts once its event is complete: a cut-off event leaves the previous one", () => {
    const { parser, messages } = parse(['id: e1\ndata: {"n":1}\n\nid: e2\ndata: {"n"']);
    expect(parser.lastEventId).toBe("e1");
    parser.discard(); // the stream broke: the half event is gone
    parser.push('data: {"n":3}\n\n');
    expect(messages).toEqual([{ n: 1 }, { n: 3 }]);
    expect(parser.lastEventId).toBe("e1");
  });

  test("end() still delivers a last event without its blank line, but does not take its id", () => {
    const { parser, messages } = parse(['id: e1\ndata: {"n":1}\n\nid: e2\ndata: {"n":2}\n']);
    parser.end();
    expect(messages).toEqual([{ n: 1 }, { n: 2 }]);
    expect(parser.lastEventId).toBe("e1");
  });

  test("an empty id resets the last event id; a retry that is not all digits is ignored", () => {
    const { parser } = parse(["id: e1\nretry: 100\ndata: \n\n", "id:\nretry: 5s\ndata: \n\n"]);
    expect(parser.lastEventId).toBeNull();
    expect(parser.retryMs).toBe(100);
  });

  test("an event without an id keeps the last one (SSE: the last event id persists)", () => {
    const { parser, messages } = parse(['id: e1\ndata: \n\ndata: {"n":1}\n\n']);
    expect(messages).toEqual([{ n: 1 }]);
    expect(parser.lastEventId).toBe("e1");
    expect(parser.retryMs).toBeNull();
  });
});
