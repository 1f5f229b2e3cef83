import { describe, expect, test } from "bun:test";
import { stdioEnvironment } from "./transports.ts";

describe("stdioEnvironment", () => {
  test("a stdio server gets the basics and its own variables, never the gateway's secrets", () => {
    const gateway = {
      PATH: "/usr/bin",
      HOME: "/home/omnimesh",
      LANG: "C.UTF-8",
      DATABASE_URL: "postgresql://secret",
      OMNIMESH_ENCRYPTION_KEY: "secret",
      OMNIMESH_TOKEN_PEPPER: "secret",
      REDIS_URL: "redis://secret",
    };
    expect(stdioEnvironment({ GITHUB_TOKEN: "own", PATH: "/opt/bin" }, gateway)).toEqual({
      PATH: "/opt/bin",
      HOME: "/home/omnimesh",
      LANG: "C.UTF-8",
      GITHUB_TOKEN: "own",
    });
  });
});
