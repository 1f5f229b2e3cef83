// The 2026-07-28 envelope comes off before a request reaches a (legacy) upstream; everything else stays.
import { describe, expect, test } from "bun:test";
import { META_CLIENT_CAPABILITIES, META_CLIENT_INFO, META_PROTOCOL_VERSION, stripEnvelope } from "./protocol-2026.ts";

const envelope = {
  [META_PROTOCOL_VERSION]: "2026-07-28",
  [META_CLIENT_CAPABILITIES]: { elicitation: {} },
  [META_CLIENT_INFO]: { name: "c", version: "1" },
};

describe("stripEnvelope", () => {
  test("drops the envelope keys and an _meta left empty", () => {
    expect(stripEnvelope({ name: "echo", arguments: { a: 1 }, _meta: envelope })).toEqual({
      name: "echo",
      arguments: { a: 1 },
    });
  });

  test("keeps the other _meta keys (progress token, extensions)", () => {
    const params = { name: "echo", _meta: { ...envelope, progressToken: 7, "x.example/trace": "t" } };
    expect(stripEnvelope(params)).toEqual({ name: "echo", _meta: { progressToken: 7, "x.example/trace": "t" } });
    expect(params._meta[META_PROTOCOL_VERSION]).toBe("2026-07-28"); // the caller's object is not changed
  });

  test("params without _meta, or none at all, are returned as they are", () => {
    const params = { name: "echo" };
    expect(stripEnvelope(params)).toBe(params);
    expect(stripEnvelope(undefined)).toBeUndefined();
  });
});
