import { describe, expect, it } from "vitest";
import { parseArgs, parsePairs } from "./parse-server-fields";

describe("parseArgs", () => {
  it("splits a single line on whitespace and keeps quoted words together", () => {
    expect(parseArgs(`-y @modelcontextprotocol/server-everything "a b" 'c d'`)).toEqual([
      "-y",
      "@modelcontextprotocol/server-everything",
      "a b",
      "c d",
    ]);
  });

  it("takes one argument per line when there are several lines, spaces included", () => {
    expect(parseArgs("--root\n/tmp/my dir\n\n--verbose\n")).toEqual(["--root", "/tmp/my dir", "--verbose"]);
  });

  it("returns no arguments for blank input", () => {
    expect(parseArgs("  \n ")).toEqual([]);
  });
});

describe("parsePairs", () => {
  it("parses KEY=VALUE lines, keeping '=' inside values and reporting bad lines", () => {
    expect(parsePairs("A=1\n# comment\nTOKEN=abc=def\nnot a pair\n=x", "=")).toEqual({
      values: { A: "1", TOKEN: "abc=def" },
      badLines: [4, 5],
    });
  });

  it("parses 'Name: value' header lines", () => {
    expect(parsePairs("Authorization: Bearer x:y\nX-Team: core", ":")).toEqual({
      values: { Authorization: "Bearer x:y", "X-Team": "core" },
      badLines: [],
    });
  });
});
