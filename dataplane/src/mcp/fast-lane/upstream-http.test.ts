// Which client the fast lane POSTs with: the raw HTTP/1.1 client for plain http, fetch wherever fetch
// does something the raw client does not (TLS, credentials in the URL, an outbound proxy) — and both
// answer the same way.
import { afterAll, describe, expect, test } from "bun:test";
import { upstreamHttp } from "./upstream-http.ts";

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: async (request) =>
    Response.json({ auth: request.headers.get("authorization"), body: await request.text() }, { status: 201 }),
});
afterAll(() => server.stop(true));
const url = `http://127.0.0.1:${server.port}/mcp`;

describe("upstreamHttp", () => {
  test("plain http (raw client), credentials in the URL and a configured proxy (fetch) answer alike", async () => {
    const variants = [
      upstreamHttp(url, {}),
      upstreamHttp(url.replace("http://", "http://user:secret@"), {}),
      // Only the choice reads this env; fetch itself reads the process's (no proxy here), so it goes direct.
      upstreamHttp(url, { HTTP_PROXY: "http://127.0.0.1:9" }),
    ];
    for (const http of variants) {
      const reply = await http.post({ "content-type": "application/json" }, '{"x":1}');
      expect(reply.status).toBe(201);
      expect(reply.ok).toBe(true);
      expect(reply.header("content-type")).toContain("application/json");
      const answer = JSON.parse(await reply.text());
      expect(answer.body).toBe('{"x":1}');
      http.close();
    }
    // fetch turns URL credentials into Basic auth; the raw client is not used for such URLs.
    const withCredentials = await variants[1]!.post({}, "{}");
    expect(JSON.parse(await withCredentials.text()).auth).toBe(`Basic ${btoa("user:secret")}`);
  });
});
