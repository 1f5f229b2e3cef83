// The plain JSON-RPC check must agree with the SDK's JSONRPCMessageSchema on every input: it may only
// decide the shapes it is sure of, and hand the rest to the schema.
import { describe, expect, test } from "bun:test";
import {
  isInitializeRequest,
  isJSONRPCNotification,
  isJSONRPCRequest,
  JSONRPCMessageSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { asJsonRpcMessage, isInitialize, jsonRpcCallKind } from "./plain-message.ts";

const CASES: unknown[] = [
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "a__b", arguments: { x: 1 } } },
  { jsonrpc: "2.0", id: "s-1", method: "tools/list" },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 3, reason: "stop" } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: { progressToken: 7 } } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: { progressToken: { no: 1 } } } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: { progressToken: 1.5 } } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: null } },
  { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "x", _meta: [1] } },
  {
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { _meta: { "io.modelcontextprotocol/related-task": { taskId: "t" } } },
  },
  {
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { _meta: { "io.modelcontextprotocol/related-task": { x: 1 } } },
  },
  {
    jsonrpc: "2.0",
    id: 3,
    method: "tools/call",
    params: {
      name: "echo",
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        progressToken: "p",
      },
    },
  },
  { jsonrpc: "2.0", method: "notifications/progress", params: { _meta: { progressToken: 2 }, progress: 1 } },
  {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } },
  },
  { jsonrpc: "2.0", id: 0, method: "initialize", params: { capabilities: {} } },
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

  test("jsonRpcCallKind and isInitialize agree with the SDK's request, notification and initialize checks", () => {
    for (const value of CASES) {
      const sdk = isJSONRPCRequest(value) ? "request" : isJSONRPCNotification(value) ? "notification" : null;
      expect({ value, kind: jsonRpcCallKind(value) }).toEqual({ value, kind: sdk });
      expect({ value, initialize: isInitialize(value) }).toEqual({ value, initialize: isInitializeRequest(value) });
    }
  });

  test("a plain request is passed through as it is, without a copy", () => {
    const request = { jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "n" } };
    expect(asJsonRpcMessage(request)).toBe(request as never);
  });
});
