// The plain JSON-RPC check must agree with the SDK's JSONRPCMessageSchema on every input: it may only
// decide the shapes it is sure of, and hand the rest to the schema.
import { describe, expect, test } from "bun:test";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { asJsonRpcMessage } from "./plain-message.ts";

const CASES: unknown[] = [
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "a__b", arguments: { x: 1 } } },
  { jsonrpc: "2.0", id: "s-1", method: "tools/list" },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 3, reason: "stop" } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: { progressToken: 7 } } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: { progressToken: { no: 1 } } } },
  { jsonrpc: "2.0", id: 4, result: { content: [] } },
  { jsonrpc: "2.0", id: 5, error: { code: -1, message: "no" } },
  { jsonrpc: "2.0", id: 1.5, method: "tools/call" },
  { jsonrpc: "2.0", id: null, method: "tools/call" },
  { jsonrpc: "2.0", id: true, method: "tools/call" },
  { jsonrpc: "1.0", id: 1, method: "tools/call" },
  { jsonrpc: "2.0", id: 1, method: 5 },
  { jsonrpc: "2.0", id: 1, method: "tools/call", extra: true },
  { jsonrpc: "2.0", method: "notifications/x", id: undefined },
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: [1, 2] },
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: null },
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: "x" },
  { jsonrpc: "2.0", id: 1, method: "tools/call", result: {} },
  { jsonrpc: "2.0" },
  [],
  null,
  "text",
  42,
];

describe("asJsonRpcMessage", () => {
  test("accepts and refuses exactly what JSONRPCMessageSchema does", () => {
    for (const value of CASES) {
      const ours = asJsonRpcMessage(value);
      const sdk = JSONRPCMessageSchema.safeParse(value);
      expect({ value, accepted: ours !== null }).toEqual({ value, accepted: sdk.success });
      if (ours) expect(ours).toEqual(sdk.data!);
    }
  });

  test("a plain request is passed through as it is, without a copy", () => {
    const request = { jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "n" } };
    expect(asJsonRpcMessage(request)).toBe(request as never);
  });
});
