// Multi-round-trip requests of the stateless revision 2026-07-28 (input_required): a stateless client
// that declares sampling / elicitation / roots answers a legacy upstream's server→client requests
// through input_required results and retries. Real gateway, real SDK v1 upstream (over Streamable HTTP
// and over stdio), the real SDK v2 client and raw fetches.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { serveInputUpstream } from "../../test/input-required-upstream.ts";
import { rpcPost } from "./transport-fixtures.ts";

const MODERN = "2026-07-28";
const UPSTREAM_PATH = join(import.meta.dir, "..", "..", "test", "input-required-upstream.ts");
const stdioUpstream = { name: "local", transport: "stdio" as const, command: process.execPath, args: [UPSTREAM_PATH] };

type Answer = {
  id: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
};
type InputRequired = {
  resultType: "input_required";
  inputRequests: Record<string, { method: string; params?: Record<string, unknown> }>;
  requestState: string;
};

const envelope = (capabilities: Record<string, unknown>) => ({
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": capabilities,
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
});
const ELICIT = { elicitation: { form: {}, url: {} } };

let nextId = 1;
/** One raw stateless tools/call leg; `extra` carries requestState / inputResponses on a retry. */
async function callLeg(
  ns: string,
  key: string,
  name: string,
  args: Record<string, unknown>,
  capabilities: Record<string, unknown> = ELICIT,
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await rpcPost(
    `${ns}/mcp`,
    key,
    {
      jsonrpc: "2.0",
      id: nextId++,
      method: "tools/call",
      params: { name, arguments: args, _meta: envelope(capabilities), ...extra },
    },
    { accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN, "mcp-method": "tools/call" },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

const textOf = (result: Record<string, unknown> | undefined) =>
  (result?.content as Array<{ text: string }> | undefined)?.[0]?.text;

/** The SDK v2 client pinned to 2026-07-28, answering elicitation, sampling and roots. */
async function modernClient(ns: string, key: string, tag: string): Promise<Client> {
  const client = new Client(
    { name: "sdk-v2", version: "2.4.0" },
    {
      capabilities: { elicitation: { form: {}, url: {} }, sampling: {}, roots: {} },
      versionNegotiation: { mode: { pin: MODERN } },
    },
  );
  client.setRequestHandler("elicitation/create", async (request) => ({
    action: "accept",
    content: { answer: `${tag}: ${(request.params as { message: string }).message}` },
  }));
  client.setRequestHandler("sampling/createMessage", async (request) => {
    const first = (request.params as { messages: Array<{ content: { text: string } }> }).messages[0]!;
    return {
      role: "assistant",
      content: { type: "text", text: `${tag} model says hi to ${first.content.text}` },
      model: `${tag}-model`,
    };
  });
  client.setRequestHandler("roots/list", async () => ({ roots: [{ uri: `file:///${tag}`, name: tag }] }));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${ns}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

describe("stateless input_required (2026-07-28)", () => {
  let upstream: ReturnType<typeof serveInputUpstream>;
  const suite = gatewaySuite({
    servers: () => {
      upstream = serveInputUpstream();
      return [{ name: "web", transport: "streamable-http", url: upstream.url }, stdioUpstream];
    },
    key: false,
  });
  suite.onStop(() => upstream.stop());

  for (const server of ["web", "local"]) {
    test(`SDK v2 client: ${server} upstream's elicitation, sampling and roots reach the client's handlers`, async () => {
      const { key } = await suite.createKey();
      const before = suite.gateway.dataplane.sessions.size;
      const client = await modernClient(suite.ns, key, "alice");
      const confirm = await client.callTool({ name: `${server}__confirm`, arguments: { question: "ship it?" } });
      expect(JSON.parse(textOf(confirm as never)!)).toEqual({
        action: "accept",
        content: { answer: "alice: ship it?" },
      });
      const sampled = await client.callTool({ name: `${server}__ask_model`, arguments: { prompt: "Bob" } });
      expect(textOf(sampled as never)).toBe("alice model says hi to Bob");
      const roots = await client.callTool({ name: `${server}__roots`, arguments: {} });
      expect(JSON.parse(textOf(roots as never)!)).toEqual({ roots: [{ uri: "file:///alice", name: "alice" }] });
      // Two elicitations at once, then a sampling: two input_required rounds.
      const rounds = await client.callTool({ name: `${server}__two_questions`, arguments: {} });
      expect(JSON.parse(textOf(rounds as never)!)).toEqual({
        first: { answer: "alice: first?" },
        second: { answer: "alice: second?" },
        model: "alice-model",
      });
      expect(suite.gateway.dataplane.sessions.size).toBe(before);
      expect(suite.gateway.dataplane.inputRequired.size).toBe(0);
      await client.close();
    });
  }

  for (const server of ["web", "local"]) {
    test(`progress: each leg gets the upstream's progress under its own token (${server} upstream)`, async () => {
      const { key } = await suite.createKey();
      const leg = async (progressToken: string, extra: Record<string, unknown>) => {
        const response = await rpcPost(
          `${suite.ns}/mcp`,
          key,
          {
            jsonrpc: "2.0",
            id: nextId++,
            method: "tools/call",
            params: {
              name: `${server}__confirm_with_progress`,
              arguments: {},
              _meta: { ...envelope(ELICIT), progressToken },
              ...extra,
            },
          },
          { accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN },
        );
        expect(response.headers.get("content-type")).toContain("text/event-stream");
        return (await response.text())
          .split("\n\n")
          .map((event) => event.split("\n").find((line) => line.startsWith("data: ")))
          .filter((line): line is string => line !== undefined)
          .map(
            (line) =>
              JSON.parse(line.slice(6)) as { method?: string; params?: unknown; result?: Record<string, unknown> },
          );
      };
      const first = await leg("p1", {});
      expect(first[0]).toMatchObject({
        method: "notifications/progress",
        params: { progressToken: "p1", progress: 1 },
      });
      const pending = first.at(-1)!.result as unknown as InputRequired;
      expect(pending.resultType).toBe("input_required");
      const [inputKey] = Object.keys(pending.inputRequests);
      const second = await leg("p2", {
        requestState: pending.requestState,
        inputResponses: { [inputKey!]: { action: "accept", content: { answer: "yes" } } },
      });
      expect(second[0]).toMatchObject({
        method: "notifications/progress",
        params: { progressToken: "p2", progress: 2 },
      });
      expect(second.at(-1)!.result!.resultType).toBe("complete");
      expect(JSON.parse(textOf(second.at(-1)!.result)!)).toEqual({ action: "accept", content: { answer: "yes" } });
    });
  }

  test("raw legs: input_required shape, another key's retry refused, the right retry completes; each leg logged", async () => {
    const owner = await suite.createKey();
    const other = await suite.createKey();
    const first = await callLeg(suite.ns, owner.key, "web__confirm", { question: "deploy?" });
    const pending = first.result as InputRequired & { _meta: Record<string, unknown> };
    expect(pending.resultType).toBe("input_required");
    expect(pending.requestState).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pending._meta["io.modelcontextprotocol/serverInfo"]).toEqual({ name: "omnimesh", version: "0.1.0" });
    const entries = Object.entries(pending.inputRequests);
    expect(entries).toHaveLength(1);
    const [inputKey, request] = entries[0]!;
    // The 2026 embedded shape: method + params, no JSON-RPC id, no upstream _meta (progress token).
    expect(request).toEqual({
      method: "elicitation/create",
      params: {
        mode: "form",
        message: "deploy?",
        requestedSchema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] },
      },
    });
    const answer = { [inputKey]: { action: "accept", content: { answer: "yes" } } };
    const stolen = await callLeg(suite.ns, other.key, "web__confirm", { question: "deploy?" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: answer,
    });
    expect(stolen.error?.code).toBe(-32602);
    expect(stolen.error?.message).toContain("requestState is unknown or expired");
    expect(stolen.error?.message).toContain("retry the original request without");
    // Same key, another tool: refused the same way, and the state stays good for the real retry.
    const otherTool = await callLeg(suite.ns, owner.key, "web__ask_model", { prompt: "x" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: answer,
    });
    expect(otherTool.error?.code).toBe(-32602);
    const done = await callLeg(suite.ns, owner.key, "web__confirm", { question: "deploy?" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: answer,
    });
    expect(done.result?.resultType).toBe("complete");
    expect(JSON.parse(textOf(done.result)!)).toEqual({ action: "accept", content: { answer: "yes" } });
    // Used once: replaying it is refused.
    const replay = await callLeg(suite.ns, owner.key, "web__confirm", { question: "deploy?" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: answer,
    });
    expect(replay.error?.code).toBe(-32602);
    const rows = await eventually(async () => {
      const { rows } = await suite.pool.query<{ api_key_id: string; status: string; tool_name: string }>(
        `select api_key_id, status, tool_name from request_logs where api_key_id = any($1) and method = 'tools/call'
         order by created_at`,
        [[owner.id, other.id]],
      );
      return rows.length >= 5 ? rows : undefined;
    });
    expect(rows.filter((row) => row.api_key_id === owner.id).map((row) => row.status)).toEqual([
      "ok",
      "error",
      "ok",
      "error",
    ]);
    expect(rows.filter((row) => row.api_key_id === other.id).map((row) => row.status)).toEqual(["error"]);
  });

  test("URL-mode elicitation goes out without elicitationId; a missing answer is asked again", async () => {
    const { key } = await suite.createKey();
    const first = (await callLeg(suite.ns, key, "web__open_link", { url: "https://example.com/login" }))
      .result as InputRequired;
    const [inputKey, request] = Object.entries(first.inputRequests)[0]!;
    expect(request).toEqual({
      method: "elicitation/create",
      params: { mode: "url", message: "Please sign in", url: "https://example.com/login" },
    });
    // A retry that answers nothing: the same request comes back under a fresh requestState.
    const again = (
      await callLeg(suite.ns, key, "web__open_link", { url: "https://example.com/login" }, ELICIT, {
        requestState: first.requestState,
        inputResponses: {},
      })
    ).result as InputRequired;
    expect(again.resultType).toBe("input_required");
    expect(again.inputRequests).toEqual({ [inputKey]: request });
    expect(again.requestState).not.toBe(first.requestState);
    // A wrapped { method, result } answer is no answer: -32602, and the state stays good.
    const wrapped = await callLeg(suite.ns, key, "web__open_link", { url: "https://example.com/login" }, ELICIT, {
      requestState: again.requestState,
      inputResponses: { [inputKey]: { method: "elicitation/create", result: { action: "accept" } } },
    });
    expect(wrapped.error?.code).toBe(-32602);
    const done = await callLeg(suite.ns, key, "web__open_link", { url: "https://example.com/login" }, ELICIT, {
      requestState: again.requestState,
      inputResponses: { [inputKey]: { action: "accept" } },
    });
    expect(JSON.parse(textOf(done.result)!)).toEqual({ action: "accept" });
  });

  for (const server of ["web", "local"]) {
    test(`raw legs on ${server}: two elicitations asked together, then a sampling in the next round`, async () => {
      const { key } = await suite.createKey();
      const caps = { ...ELICIT, sampling: {} };
      const retry = (state: InputRequired, inputResponses: Record<string, unknown>) =>
        callLeg(suite.ns, key, `${server}__two_questions`, {}, caps, {
          requestState: state.requestState,
          inputResponses,
        });
      let pending = (await callLeg(suite.ns, key, `${server}__two_questions`, {}, caps)).result as InputRequired;
      // Requests sent together share one input_required when they arrive within the same timer tick
      // (nearly always); on a loaded machine the second may come in the next leg instead.
      const asked: string[] = [];
      let elicitationLegs = 0;
      while (Object.values(pending.inputRequests).every((request) => request.method === "elicitation/create")) {
        elicitationLegs++;
        const answers: Record<string, unknown> = {};
        for (const [inputKey, request] of Object.entries(pending.inputRequests)) {
          const message = String(request.params?.message);
          asked.push(message);
          answers[inputKey] = { action: "accept", content: { answer: `re ${message}` } };
        }
        pending = (await retry(pending, answers)).result as InputRequired;
      }
      expect(asked.sort()).toEqual(["first?", "second?"]);
      expect(elicitationLegs).toBeLessThanOrEqual(2);
      const entries = Object.entries(pending.inputRequests);
      expect(entries).toHaveLength(1);
      const [samplingKey, sampling] = entries[0]!;
      expect(sampling.method).toBe("sampling/createMessage");
      expect(sampling.params?.maxTokens).toBe(10);
      const done = await retry(pending, {
        [samplingKey]: { role: "assistant", content: { type: "text", text: "ok" }, model: "raw-model" },
      });
      expect(JSON.parse(textOf(done.result)!)).toEqual({
        first: { answer: "re first?" },
        second: { answer: "re second?" },
        model: "raw-model",
      });
    });
  }

  test("shared stdio: a stateless call waiting on its client counts as a candidate next to sessions (ambiguous)", async () => {
    const { key } = await suite.createKey();
    const pending = (await callLeg(suite.ns, key, "local__confirm", { question: "stateless?" }))
      .result as InputRequired;
    expect(pending.resultType).toBe("input_required");
    const session = await suite.connect({ key, capabilities: { elicitation: {} } });
    session.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { answer: "session" } }));
    const result = await session.callTool({ name: "local__confirm", arguments: { question: "session?" } });
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toContain(
      "ambiguous: 2 clients (sessions or stateless calls) have calls in flight on server local",
    );
    // The stateless call is unharmed: its retry completes.
    const [inputKey] = Object.keys(pending.inputRequests);
    const done = await callLeg(suite.ns, key, "local__confirm", { question: "stateless?" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: { [inputKey!]: { action: "accept", content: { answer: "mine" } } },
    });
    expect(JSON.parse(textOf(done.result)!)).toEqual({ action: "accept", content: { answer: "mine" } });
  });

  test("the pool's idle sweep keeps a leased upstream session while its call waits on the client, closes it after", async () => {
    const { key } = await suite.createKey();
    const { upstreams } = suite.gateway.dataplane;
    const leased = () => upstreams.list().filter((connection) => connection.owner?.startsWith("stateless:"));
    const later = () => Date.now() + upstreams.ownedIdleMs + 1_000;
    const pending = (await callLeg(suite.ns, key, "web__confirm", { question: "sweep?" })).result as InputRequired;
    const [inputKey] = Object.keys(pending.inputRequests);
    await upstreams.closeIdle(later());
    // Exactly the one holding the waiting call survived the sweep.
    expect(leased()).toHaveLength(1);
    const done = await callLeg(suite.ns, key, "web__confirm", { question: "sweep?" }, ELICIT, {
      requestState: pending.requestState,
      inputResponses: { [inputKey!]: { action: "accept", content: { answer: "swept" } } },
    });
    expect(JSON.parse(textOf(done.result)!).content).toEqual({ answer: "swept" });
    expect(await upstreams.closeIdle(later())).toBeGreaterThanOrEqual(1);
    expect(leased()).toHaveLength(0);
    // The free list's owner ids still work: the pool opens a new upstream session for the next call.
    const again = (await callLeg(suite.ns, key, "web__confirm", { question: "again?" })).result as InputRequired;
    expect(again.resultType).toBe("input_required");
    const [againKey] = Object.keys(again.inputRequests);
    const final = await callLeg(suite.ns, key, "web__confirm", { question: "again?" }, ELICIT, {
      requestState: again.requestState,
      inputResponses: { [againKey!]: { action: "decline" } },
    });
    expect(JSON.parse(textOf(final.result)!)).toEqual({ action: "decline" });
  });

  test("an unknown requestState → -32602 saying to retry without it", async () => {
    const { key } = await suite.createKey();
    const answer = await callLeg(suite.ns, key, "web__confirm", { question: "?" }, ELICIT, {
      requestState: "bm90LWEtcmVhbC1zdGF0ZQ",
      inputResponses: { "input-1": { action: "decline" } },
    });
    expect(answer.error).toEqual({
      code: -32602,
      message:
        "Invalid params: requestState is unknown or expired; retry the original request without requestState and inputResponses",
    });
  });

  test("concurrent elicitations from several clients to one HTTP upstream each get their own answer back", async () => {
    const { key } = await suite.createKey();
    const clients = ["ann", "ben", "cat", "dan", "eve"];
    const firsts = await Promise.all(
      clients.map((name) => callLeg(suite.ns, key, "web__confirm", { question: `${name}, proceed?` })),
    );
    // Each first leg carries its own client's question: nothing crossed on the way out.
    firsts.forEach((first, index) => {
      const request = Object.values((first.result as InputRequired).inputRequests)[0]!;
      expect(request.params?.message).toBe(`${clients[index]}, proceed?`);
    });
    const finals = await Promise.all(
      firsts.map((first, index) => {
        const pending = first.result as InputRequired;
        const [inputKey] = Object.keys(pending.inputRequests);
        return callLeg(suite.ns, key, "web__confirm", { question: `${clients[index]}, proceed?` }, ELICIT, {
          requestState: pending.requestState,
          inputResponses: { [inputKey!]: { action: "accept", content: { answer: clients[index] } } },
        });
      }),
    );
    expect(finals.map((final) => JSON.parse(textOf(final.result)!).content.answer)).toEqual(clients);
    // The leased upstream sessions went back to the free list and are reused.
    const sessions = upstream.stats.sessions;
    await Promise.all(
      clients.map(async (name) => {
        const first = (await callLeg(suite.ns, key, "web__confirm", { question: name })).result as InputRequired;
        const [inputKey] = Object.keys(first.inputRequests);
        await callLeg(suite.ns, key, "web__confirm", { question: name }, ELICIT, {
          requestState: first.requestState,
          inputResponses: { [inputKey!]: { action: "decline" } },
        });
      }),
    );
    expect(upstream.stats.sessions).toBe(sessions);
  });

  test("a client that declares no elicitation gets the upstream's own refusal at once, not a hang", async () => {
    const { key } = await suite.createKey();
    const started = performance.now();
    const answer = await callLeg(suite.ns, key, "web__confirm", { question: "?" }, {});
    expect(answer.result?.resultType).toBe("complete");
    expect(answer.result?.isError).toBe(true);
    expect(textOf(answer.result)).toContain("Client does not support form elicitation");
    // The shared stdio process advertises elicitation; the gateway refuses for a client that cannot answer.
    const shared = await callLeg(suite.ns, key, "local__confirm", { question: "?" }, {});
    expect(shared.result?.isError).toBe(true);
    expect(textOf(shared.result)).toContain("elicitation capability");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("stateless input_required expiry (OMNIMESH_INPUT_REQUIRED_TTL_MS)", () => {
  let upstream: ReturnType<typeof serveInputUpstream>;
  const suite = gatewaySuite({
    servers: () => {
      upstream = serveInputUpstream();
      return [{ name: "web", transport: "streamable-http", url: upstream.url }, stdioUpstream];
    },
    key: false,
    env: { OMNIMESH_INPUT_REQUIRED_TTL_MS: "300" },
  });
  suite.onStop(() => upstream.stop());

  test("a retry after the TTL is refused and the upstream saw its call cancelled (HTTP and stdio)", async () => {
    const { key } = await suite.createKey();
    const cancelledBefore = upstream.stats.cancelled;
    const stdioStats = async () =>
      JSON.parse(textOf((await callLeg(suite.ns, key, "local__stats", {}, {})).result)!) as { cancelled: number };
    const stdioBefore = (await stdioStats()).cancelled;
    for (const tool of ["web__confirm", "local__confirm"]) {
      const first = (await callLeg(suite.ns, key, tool, { question: "late?" })).result as InputRequired;
      expect(first.resultType).toBe("input_required");
      await Bun.sleep(700);
      const [inputKey] = Object.keys(first.inputRequests);
      const late = await callLeg(suite.ns, key, tool, { question: "late?" }, ELICIT, {
        requestState: first.requestState,
        inputResponses: { [inputKey!]: { action: "accept", content: { answer: "now" } } },
      });
      expect(late.error?.code).toBe(-32602);
      expect(late.error?.message).toContain("unknown or expired");
    }
    await eventually(async () => upstream.stats.cancelled === cancelledBefore + 1);
    await eventually(async () => (await stdioStats()).cancelled === stdioBefore + 1);
    expect(suite.gateway.dataplane.inputRequired.size).toBe(0);
  });
});
