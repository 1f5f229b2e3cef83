// Test plumbing for the conformance runner: the official conformance CLI cannot send headers, and the
// gateway requires `Authorization: Bearer omk_…` on every MCP request. This local forwarder relays
// each request verbatim (method, path, headers including Host and Origin, body; the response streamed
// back, SSE included) to the gateway and only adds the API key. It never weakens the gateway's auth.
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"];

export interface AuthProxy {
  url: string;
  origin: string;
  stop(): void;
}

export function startAuthProxy(target: () => string, apiKey: string): AuthProxy {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 120,
    async fetch(request) {
      const incoming = new URL(request.url);
      const headers = new Headers(request.headers);
      for (const name of HOP_BY_HOP) headers.delete(name);
      headers.set("authorization", `Bearer ${apiKey}`);
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      const upstream = await fetch(`${target()}${incoming.pathname}${incoming.search}`, {
        method: request.method,
        headers,
        body,
        signal: request.signal,
        redirect: "manual",
        decompress: false,
      } as RequestInit);
      const responseHeaders = new Headers(upstream.headers);
      for (const name of HOP_BY_HOP.filter((h) => h !== "content-encoding")) responseHeaders.delete(name);
      return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return { url: origin, origin, stop: () => void server.stop(true) };
}
