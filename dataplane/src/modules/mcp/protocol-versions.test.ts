// The protocol-version matrix of the session-based Streamable HTTP endpoint: a client of each revision
// the gateway supports initializes, gets its own version back, and calls a tool with that version in
// the MCP-Protocol-Version header. (The stateless 2026-07-28 revision: stateless-http.test.ts.)
import { describe, expect, test } from "bun:test";
import { demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()] });

const ACCEPT = { accept: "application/json, text/event-stream" };

type Answer = { id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } };

/** The one JSON-RPC answer of a POST, whether the server replied with JSON or an SSE stream. */
async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return JSON.parse(text);
  const data = text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim())
    .find((line) => line.startsWith("{"));
  if (!data) throw new Error(`no JSON-RPC message in the SSE answer: ${text}`);
  return JSON.parse(data);
}

function initialize(version: string) {
  return rpcPost(
    `${suite.ns}/mcp`,
    suite.key.key,
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: `client-${version}`, version: "1" } },
    },
    ACCEPT,
  );
}

describe("Streamable HTTP sessions for every supported protocol revision", () => {
  for (const version of ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]) {
    test(`${version}: initialize negotiates ${version}; initialized → 202; tools/call works`, async () => {
      const init = await initialize(version);
      expect(init.status).toBe(200);
      const session = init.headers.get("mcp-session-id");
      expect(session).toBeTruthy();
      const answer = await answerOf(init);
      expect(answer.result?.protocolVersion).toBe(version);
      expect(answer.result?.serverInfo).toMatchObject({ name: "omnimesh" });

      const headers = { ...ACCEPT, "mcp-session-id": session!, "mcp-protocol-version": version };
      const initialized = await rpcPost(
        `${suite.ns}/mcp`,
        suite.key.key,
        { jsonrpc: "2.0", method: "notifications/initialized" },
        headers,
      );
      expect(initialized.status).toBe(202);

      const call = await rpcPost(
        `${suite.ns}/mcp`,
        suite.key.key,
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "demo__echo", arguments: { text: version } } },
        headers,
      );
      expect(call.status).toBe(200);
      const result = await answerOf(call);
      expect(result.id).toBe(2);
      expect(result.result?.content).toEqual([{ type: "text", text: version }]);

      const closed = await fetch(`${suite.ns}/mcp`, {
        method: "DELETE",
        headers: {
          authorization: `Bearer ${suite.key.key}`,
          "mcp-session-id": session!,
          "mcp-protocol-version": version,
        },
      });
      expect(closed.status).toBe(200);
    });
  }

  test("a client asking for an unknown revision is offered the latest one the gateway speaks", async () => {
    const answer = await answerOf(await initialize("1999-01-01"));
    expect(answer.result?.protocolVersion).toBe("2025-11-25");
  });

  test("a request whose MCP-Protocol-Version header names an unsupported revision → 400 with a JSON-RPC error", async () => {
    const init = await initialize("2025-11-25");
    const session = init.headers.get("mcp-session-id")!;
    await init.text();
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      suite.key.key,
      { jsonrpc: "2.0", id: 3, method: "tools/list" },
      { ...ACCEPT, "mcp-session-id": session, "mcp-protocol-version": "1999-01-01" },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as Answer;
    expect(body.error?.message).toContain("Unsupported protocol version");
  });
});
