// A scriptable Streamable HTTP MCP server for fast-lane tests: answers after a per-call delay (so
// responses come back out of order), errors, hangs, asks the client something (a sampling request on
// the call's own stream, answered by a later POST), drops a call's stream after an event id and serves
// the answer to a GET + Last-Event-ID (`drop`, see DropArgs), forgets its sessions on demand, and
// records what it received (initializations, cancellations, request ids, answers, resume GETs).
import type { ServerConfig } from "../../modules/routing/model.ts";

/** A streamable-http server config named "fake" for an upstream at `url`. */
export function fakeServerConfig(url: string, timeoutMs = 5_000): ServerConfig {
  return {
    id: "srv-1",
    orgId: "org-1",
    namespaceId: "ns-1",
    name: "fake",
    transport: "streamable-http",
    command: null,
    args: [],
    env: {},
    url,
    headers: {},
    timeoutMs,
    isolated: false,
    fingerprint: "f1",
    configError: null,
  };
}

export interface FakeUpstream {
  url: string;
  initializations: number;
  cancelled: Array<{ requestId: unknown; reason: unknown }>;
  /** Ids of the tools/call requests as the upstream saw them. */
  callIds: unknown[];
  /** What the client answered to the server→client requests of `ask`, in order. */
  answers: unknown[];
  /** The GETs it received to resume a dropped stream, in order. */
  resumes: ResumeRequest[];
  /** Resume GETs whose response is still open (not finished, not dropped by the client). */
  readonly openResumes: number;
  /** `hang` calls whose event stream the client has not dropped yet. */
  readonly openHangs: number;
  /** The next request carrying a session id gets 404 and every session is forgotten. */
  expireSessions(): void;
  stop(): void;
}

export interface ResumeRequest {
  lastEventId: string | null;
  sessionId: string | null;
  accept: string | null;
  contentType: string | null;
}

/** Arguments of the `drop` tool: how its stream ends and what a resume GET gets. */
interface DropArgs {
  text?: string;
  /** `retry:` sent with the priming event (none: the client's default delay). */
  retry?: number;
  /** false: no event id at all, so nothing to resume. */
  ids?: boolean;
  /** Cut the connection instead of ending the stream cleanly. */
  broken?: boolean;
  /** What the resume GET gets: the answer (default), fail (500), gone (404), hang (open, no answer), poll (close empty `polls` times, then answer). */
  get?: "answer" | "fail" | "gone" | "hang" | "poll";
  polls?: number;
}

type Message = { jsonrpc: "2.0"; id?: string | number; method?: string; params?: Record<string, unknown> };

export function startFakeUpstream(options: { json?: boolean } = {}): FakeUpstream {
  const sessions = new Set<string>();
  let counter = 0;
  let expire = false;
  const tools = ["echo", "fail", "hang", "grow", "ask", "drop"];
  /** Dropped calls by the id of their last event: what a resume GET for it gets. */
  const dropped = new Map<string, { callId: string | number; args: DropArgs; polls: number }>();
  /** Server→client requests waiting for the client's answer, by their id. */
  const asked = new Map<string, (answer: unknown) => void>();
  const state = {
    initializations: 0,
    cancelled: [] as FakeUpstream["cancelled"],
    callIds: [] as unknown[],
    answers: [] as unknown[],
    resumes: [] as ResumeRequest[],
    openResumes: 0,
    openHangs: 0,
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
      if (request.method === "GET") return resume(request);
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
        case "drop":
          return drop(message.id, params.arguments as DropArgs);
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
          // An open event stream that never carries the answer, until the client drops it.
          state.openHangs++;
          return new Response(
            new ReadableStream({
              start() {},
              cancel() {
                state.openHangs--;
              },
            }),
            { headers: { "content-type": "text/event-stream" } },
          );
        default:
          return answer({
            jsonrpc: "2.0",
            id: message.id,
            error: { code: -32602, message: `Unknown tool ${String(params.name)}` },
          });
      }
    },
  });
  /** The call's stream: a priming event (id, retry) unless `ids` is false, then the end or a cut. */
  function drop(callId: string | number, args: DropArgs): Response {
    const eventId = `drop-${callId}-1`;
    if (args.ids !== false) dropped.set(eventId, { callId, args, polls: args.polls ?? 0 });
    const retry = args.retry === undefined ? "" : `retry: ${args.retry}\n`;
    const priming = args.ids === false ? ": no id\n\n" : `id: ${eventId}\n${retry}data: \n\n`;
    const encoder = new TextEncoder();
    const body = new ReadableStream({
      async start(controller) {
        controller.enqueue(encoder.encode(priming));
        await Bun.sleep(10);
        // Erroring the body makes Bun reset the connection mid-response (no error value: nothing logged).
        if (args.broken) controller.error(undefined);
        else controller.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }

  function resume(request: Request): Response {
    const headers = request.headers;
    const lastEventId = headers.get("last-event-id");
    const sessionId = headers.get("mcp-session-id");
    state.resumes.push({
      lastEventId,
      sessionId,
      accept: headers.get("accept"),
      contentType: headers.get("content-type"),
    });
    const call = lastEventId ? dropped.get(lastEventId) : undefined;
    if (!sessionId || !sessions.has(sessionId) || !call) return new Response("unknown stream", { status: 404 });
    const get = call.args.get ?? "answer";
    if (get === "fail") return new Response("nope", { status: 500 });
    if (get === "gone") return new Response("session gone", { status: 404 });
    const encoder = new TextEncoder();
    let open = true;
    const finish = () => {
      if (open) state.openResumes--;
      open = false;
    };
    state.openResumes++;
    request.signal.addEventListener("abort", finish);
    const body = new ReadableStream({
      start(controller) {
        if (get === "hang") return;
        if (get === "poll" && call.polls-- > 0) {
          finish();
          controller.close();
          return;
        }
        const result = {
          jsonrpc: "2.0",
          id: call.callId,
          result: { content: [{ type: "text", text: call.args.text }] },
        };
        controller.enqueue(encoder.encode(`id: drop-${call.callId}-2\ndata: ${JSON.stringify(result)}\n\n`));
        finish();
        controller.close();
      },
      cancel: finish,
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }

  return {
    url: `http://127.0.0.1:${server.port}/mcp`,
    get initializations() {
      return state.initializations;
    },
    cancelled: state.cancelled,
    callIds: state.callIds,
    answers: state.answers,
    resumes: state.resumes,
    get openResumes() {
      return state.openResumes;
    },
    get openHangs() {
      return state.openHangs;
    },
    expireSessions() {
      expire = true;
    },
    stop() {
      server.stop(true);
    },
  };
}
