// A scriptable Streamable HTTP MCP server for fast-lane tests: answers after a per-call delay (so
// responses come back out of order), errors, hangs, asks the client something (a sampling request on
// the call's own stream, answered by a later POST), forgets its sessions on demand, and records what
// it received (initializations, cancellations, request ids, answers to its requests).
export interface FakeUpstream {
  url: string;
  initializations: number;
  cancelled: Array<{ requestId: unknown; reason: unknown }>;
  /** Ids of the tools/call requests as the upstream saw them. */
  callIds: unknown[];
  /** What the client answered to the server→client requests of `ask`, in order. */
  answers: unknown[];
  /** The next request carrying a session id gets 404 and every session is forgotten. */
  expireSessions(): void;
  stop(): void;
}

type Message = { jsonrpc: "2.0"; id?: string | number; method?: string; params?: Record<string, unknown> };

export function startFakeUpstream(options: { json?: boolean } = {}): FakeUpstream {
  const sessions = new Set<string>();
  let counter = 0;
  let expire = false;
  const tools = ["echo", "fail", "hang", "grow", "ask"];
  /** Server→client requests waiting for the client's answer, by their id. */
  const asked = new Map<string, (answer: unknown) => void>();
  const state = {
    initializations: 0,
    cancelled: [] as FakeUpstream["cancelled"],
    callIds: [] as unknown[],
    answers: [] as unknown[],
  };
  const answer = (body: unknown, headers: Record<string, string> = {}) => {
    if (options.json) return Response.json(body, { headers });
    return new Response(`event: message\ndata: ${JSON.stringify(body)}\n\n`, {
      headers: { "content-type": "text/event-stream", ...headers },
    });
  };
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const sessionId = request.headers.get("mcp-session-id");
      if (request.method === "DELETE") return new Response(null, { status: 200 });
      if (request.method !== "POST") return new Response(null, { status: 405 });
      const message = (await request.json()) as Message;
      if (message.method === "initialize") {
        state.initializations++;
        const id = `s${++counter}`;
        sessions.add(id);
        return answer(
          {
            jsonrpc: "2.0",
            id: message.id,
            result: {
              protocolVersion: "2025-06-18",
              capabilities: { tools: {} },
              serverInfo: { name: "fake", version: "1" },
            },
          },
          { "mcp-session-id": id },
        );
      }
      if (expire && sessionId) {
        expire = false;
        sessions.clear();
      }
      if (!sessionId || !sessions.has(sessionId)) {
        return Response.json(
          { jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } },
          { status: 404 },
        );
      }
      if (request.headers.get("mcp-protocol-version") !== "2025-06-18")
        return new Response("bad version", { status: 400 });
      const waiting =
        message.method === undefined && typeof message.id === "string" ? asked.get(message.id) : undefined;
      if (waiting) {
        waiting(message);
        return new Response(null, { status: 202 });
      }
      if (message.id === undefined) {
        if (message.method === "notifications/cancelled") {
          state.cancelled.push({ requestId: message.params?.requestId, reason: message.params?.reason });
        }
        return new Response(null, { status: 202 });
      }
      state.callIds.push(message.id);
      const params = message.params ?? {};
      const args = (params.arguments ?? {}) as { text?: string; delay?: number };
      if (message.method === "tools/list") {
        const list = tools.map((name) => ({ name, inputSchema: { type: "object" } }));
        return answer({ jsonrpc: "2.0", id: message.id, result: { tools: list } });
      }
      switch (params.name) {
        case "grow": {
          // Adds a tool and says so on the call's own stream, before the answer.
          tools.push(`grown_${tools.length}`);
          const changed = { jsonrpc: "2.0", method: "notifications/tools/list_changed" };
          const result = { jsonrpc: "2.0", id: message.id, result: { content: [] } };
          return new Response(`data: ${JSON.stringify(changed)}\n\ndata: ${JSON.stringify(result)}\n\n`, {
            headers: { "content-type": "text/event-stream" },
          });
        }
        case "ask": {
          // A sampling request on the call's own stream; the result reports what came back.
          const askId = `ask-${++counter}`;
          const answered = new Promise((resolve) => asked.set(askId, resolve));
          const request = {
            jsonrpc: "2.0",
            id: askId,
            method: "sampling/createMessage",
            params: { messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 10 },
          };
          const callId = message.id;
          const encoder = new TextEncoder();
          const body = new ReadableStream({
            async start(controller) {
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(request)}\n\n`));
              const answer = await answered;
              asked.delete(askId);
              state.answers.push(answer);
              const result = { jsonrpc: "2.0", id: callId, result: { content: [{ type: "text", text: "asked" }] } };
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(result)}\n\n`));
              controller.close();
            },
          });
          return new Response(body, { headers: { "content-type": "text/event-stream" } });
        }
        case "echo":
          await Bun.sleep(args.delay ?? 0);
          return answer({ jsonrpc: "2.0", id: message.id, result: { content: [{ type: "text", text: args.text }] } });
        case "fail":
          return answer({
            jsonrpc: "2.0",
            id: message.id,
            error: { code: -32050, message: "boom", data: { why: "test" } },
          });
        case "hang":
          // An open event stream that never carries the answer.
          return new Response(new ReadableStream({ start() {} }), { headers: { "content-type": "text/event-stream" } });
        default:
          return answer({
            jsonrpc: "2.0",
            id: message.id,
            error: { code: -32602, message: `Unknown tool ${String(params.name)}` },
          });
      }
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/mcp`,
    get initializations() {
      return state.initializations;
    },
    cancelled: state.cancelled,
    callIds: state.callIds,
    answers: state.answers,
    expireSessions() {
      expire = true;
    },
    stop() {
      server.stop(true);
    },
  };
}
