import { describe, expect, it } from "vitest";
import { shouldUseSecureCookies } from "./secure-cookies";

describe("shouldUseSecureCookies", () => {
  it("is on for https, and in production for any non-loopback URL, http included", () => {
    expect(shouldUseSecureCookies("development", "https://omnimesh.example")).toBe(true);
    expect(shouldUseSecureCookies("production", "https://omnimesh.example")).toBe(true);
    expect(shouldUseSecureCookies("production", "http://omnimesh.example")).toBe(true);
    expect(shouldUseSecureCookies("production", "http://10.0.0.5:3000")).toBe(true);
  });

  it("is off on http in development and tests, and for a loopback URL (npm start, the e2e stack)", () => {
    expect(shouldUseSecureCookies("development", "http://omnimesh.example")).toBe(false);
    expect(shouldUseSecureCookies("test", "http://localhost:3000")).toBe(false);
    expect(shouldUseSecureCookies(undefined, undefined)).toBe(false);
    for (const url of ["http://localhost:3100", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect(shouldUseSecureCookies("production", url)).toBe(false);
    }
  });
});
