// The raw HTTP/1.1 client against real servers: Bun.serve for the ordinary cases, and a scripted TCP
// server (Bun.listen) for what well-behaved servers rarely do — split UTF-8, 100 Continue, bodies read
// until close, a keep-alive connection closed under a request, a body cut short.
import { afterAll, describe, expect, test } from "bun:test";
import { type AbortHandle, Http1Client } from "./http1-client.ts";

const servers: Array<{ stop: () => void }> = [];
afterAll(() => {
  for (const server of servers) server.stop();
});

function serve(fetch: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch });
  servers.push({ stop: () => server.stop(true) });
  return new URL(`http://127.0.0.1:${server.port}/mcp`);
}

/** A TCP server answering each request (one `data` event each here: small requests) with `answer`. */
function scripted(
  answer: (count: number, socket: { write: (s: string | Uint8Array) => void; end: () => void }) => void,
) {
  let count = 0;
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        count += 1;
        answer(count, { write: (chunk) => void socket.write(chunk), end: () => socket.end() });
      },
    },
  });
  servers.push({ stop: () => listener.stop(true) });
  return new URL(`http://127.0.0.1:${listener.port}/`);
}

const post = (client: Http1Client, body: string, headers: Record<string, string> = {}) =>
  client.request({ method: "POST", path: "/mcp", headers: { "content-type": "application/json", ...headers }, body });

describe("Http1Client", () => {
  test("sends method, path, headers and body; reuses one keep-alive connection for sequential requests", async () => {
    const url = serve(async (request) =>
      Response.json({
        method: request.method,
        path: new URL(request.url).pathname,
        session: request.headers.get("mcp-session-id"),
        body: await request.text(),
      }),
    );
    const client = new Http1Client(url);
    for (let i = 0; i < 30; i++) {
      const reply = await post(client, `{"n":${i}}`, { "mcp-session-id": "s-1" });
      expect(reply.status).toBe(200);
      expect(reply.header("content-type")).toContain("application/json");
      expect(JSON.parse(await reply.text())).toEqual({
        method: "POST",
        path: "/mcp",
        session: "s-1",
        body: `{"n":${i}}`,
      });
    }
    expect(client.connections).toBe(1);
    client.close();
  });

  test("concurrent requests each get their own answer; maxConnections queues the rest", async () => {
    const url = serve(async (request) => {
      const body = await request.text();
      await Bun.sleep(Number(JSON.parse(body).delay));
      return new Response(body);
    });
    const client = new Http1Client(url, 2);
    const delays = [30, 5, 20, 1, 10, 2];
    const answers = await Promise.all(
      delays.map(async (delay, i) => (await post(client, JSON.stringify({ delay, i }))).text()),
    );
    expect(answers.map((text) => JSON.parse(text).i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(client.connections).toBeLessThanOrEqual(2);
    client.close();
  });

  test("a chunked event stream arrives as it is written, not at its end", async () => {
    const url = serve(() => {
      const encoder = new TextEncoder();
      const stream = new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode('event: message\ndata: {"n":1}\n\n'));
          await Bun.sleep(150);
          controller.enqueue(encoder.encode('event: message\ndata: {"n":2}\n\n'));
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    });
    const client = new Http1Client(url);
    const reply = await post(client, "{}");
    expect(reply.header("transfer-encoding")).toBe("chunked");
    const seen: Array<{ text: string; at: number }> = [];
    const started = performance.now();
    await reply.stream((text) => seen.push({ text, at: performance.now() - started }));
    const all = seen.map((part) => part.text).join("");
    expect(all).toBe('event: message\ndata: {"n":1}\n\nevent: message\ndata: {"n":2}\n\n');
    expect(seen[0]!.at).toBeLessThan(100);
    // The connection was read to the end of the chunked body and is reused.
    expect(await (await post(client, "{}")).text()).toContain('{"n":2}');
    expect(client.connections).toBe(1);
    client.close();
  });

  test("UTF-8 split across TCP writes, a 100 Continue head, and a body read until close", async () => {
    const body = Buffer.from('{"text":"grüße ✓"}');
    const url = scripted((count, socket) => {
      if (count === 1) {
        socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`);
        socket.write(body.subarray(0, 12)); // ends inside "ü"'s two bytes
        setTimeout(() => socket.write(body.subarray(12)), 20);
      } else {
        socket.write("HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil ");
        setTimeout(() => {
          socket.write("close");
          socket.end();
        }, 20);
      }
    });
    const client = new Http1Client(url);
    const first = await post(client, "{}");
    expect(first.status).toBe(200);
    expect(JSON.parse(await first.text())).toEqual({ text: "grüße ✓" });
    const second = await post(client, "{}");
    expect(await second.text()).toBe("until close");
    client.close();
  });

  test("a reused connection closed before any answer is retried once on a new one; a cut-short body fails", async () => {
    const url = scripted((count, socket) => {
      if (count === 1) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
      else if (count === 2)
        socket.end(); // the keep-alive connection "timed out" as the request arrived
      else if (count === 3) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\nretried");
      else {
        socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial");
        setTimeout(() => socket.end(), 10);
      }
    });
    const client = new Http1Client(url);
    expect(await (await post(client, "{}")).text()).toBe("ok");
    expect(await (await post(client, "{}")).text()).toBe("retried");
    const cut = await post(client, "{}");
    await expect(cut.text()).rejects.toThrow(/closed the connection/);
    client.close();
  });

  test("a reused connection that dies while the server works on the request is not retried: it ran once", async () => {
    // A JSON-mode MCP server answers only when the tool is done; its socket dying meanwhile (a socket
    // timeout, a crash) is no keep-alive race: sending the tools/call again would run the tool twice.
    let requests = 0;
    const url = scripted((count, socket) => {
      requests = count;
      if (count === 1) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
      else if (count === 2) setTimeout(() => socket.end(), 400);
      else socket.write("HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nran twice");
    });
    const client = new Http1Client(url);
    expect(await (await post(client, "{}")).text()).toBe("ok");
    await expect(post(client, '{"method":"tools/call"}')).rejects.toThrow(/closed the connection before answering/);
    await Bun.sleep(50);
    expect(requests).toBe(2);
    client.close();
  });

  test("a large body is written whole (partial writes finished on drain)", async () => {
    const url = serve(async (request) => new Response(String((await request.text()).length)));
    const client = new Http1Client(url);
    const big = JSON.stringify({ data: "x".repeat(3 * 1024 * 1024) });
    expect(await (await post(client, big)).text()).toBe(String(big.length));
    client.close();
  });

  test("refused connections, header injection and https URLs are errors, not hangs", async () => {
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const refused = new Http1Client(new URL(`http://127.0.0.1:${port}/`));
    await expect(post(refused, "{}")).rejects.toThrow(/connection refused|closed the connection/);
    const url = serve(() => new Response("no"));
    const client = new Http1Client(url);
    await expect(post(client, "{}", { "x-evil": "a\r\nx-injected: 1" })).rejects.toThrow(/invalid HTTP header/);
    expect(() => new Http1Client(new URL("https://example.com/"))).toThrow(/plain http only/);
    client.close();
    refused.close();
  });

  test("abort: a request waiting for its head or queued is given up; a finished one leaves its connection alone", async () => {
    let open = 0;
    const url = serve(async (request) => {
      const body = await request.text();
      if (body === "hang") {
        open++;
        request.signal.addEventListener("abort", () => open--);
        return new Promise<Response>(() => {});
      }
      return new Response(body);
    });
    const client = new Http1Client(url, 1);
    const hung: AbortHandle = { abort: null };
    const hanging = post(client, "hang", {}).catch((error: Error) => error);
    await Bun.sleep(20);
    const queued: AbortHandle = { abort: null };
    const waiting = client
      .request({ method: "POST", path: "/mcp", headers: {}, body: "queued" }, queued)
      .catch((error: Error) => error);
    queued.abort?.();
    expect(String(await waiting)).toContain("aborted");
    // The hung request's handle: the first request above was sent without one, so send another.
    client.close();
    expect(String(await hanging)).toContain("closed");

    const fresh = new Http1Client(url, 1);
    const slow = fresh.request({ method: "POST", path: "/mcp", headers: {}, body: "hang" }, hung);
    const slowResult = slow.catch((error: Error) => error);
    await Bun.sleep(20);
    expect(open).toBeGreaterThan(0);
    hung.abort?.();
    expect(String(await slowResult)).toContain("aborted");
    await Bun.sleep(20);
    expect(open).toBe(0);
    const done: AbortHandle = { abort: null };
    expect(await (await fresh.request({ method: "POST", path: "/mcp", headers: {}, body: "a" }, done)).text()).toBe(
      "a",
    );
    const next = fresh.request({ method: "POST", path: "/mcp", headers: {}, body: "b" });
    done.abort?.(); // finished: must not close the connection now serving "b"
    expect(await (await next).text()).toBe("b");
    expect(fresh.connections).toBe(1);
    fresh.close();
  });
});
