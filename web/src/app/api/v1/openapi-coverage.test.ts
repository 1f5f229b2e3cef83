// docs/api/openapi.yaml must describe every REST route the app serves, with every method it exports,
// and nothing the app does not serve: automation is written against that file.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const appDir = path.resolve(import.meta.dirname, "..", "..");
const spec = readFileSync(path.resolve(appDir, "../../../docs/api/openapi.yaml"), "utf8");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Route files under app/api/v1 (and the health route), as "METHOD /path" with {params}. */
function servedOperations(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const route = `/${path.relative(appDir, path.dirname(full))}`.replace(/\[([^\]]+)\]/g, "{$1}");
        const source = readFileSync(full, "utf8");
        for (const method of METHODS) {
          if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) {
            found.push(`${method} ${route}`);
          }
        }
      }
    }
  };
  walk(path.join(appDir, "api", "v1"));
  walk(path.join(appDir, "api", "health"));
  return found.sort();
}

/** "METHOD /path" of every operation under `paths:` whose path is served by the web app. */
function documentedOperations(): string[] {
  const found: string[] = [];
  let current: string | null = null;
  for (const line of spec.split("\n")) {
    const pathMatch = line.match(/^ {2}(\/\S*):\s*$/);
    if (pathMatch) {
      current = pathMatch[1]!;
      continue;
    }
    const methodMatch = line.match(/^ {4}(get|post|put|patch|delete):\s*$/);
    if (current && methodMatch) found.push(`${methodMatch[1]!.toUpperCase()} ${current}`);
  }
  // The data plane's operator endpoints and the rewrites (/health, /.well-known/jwks.json) are
  // documented too but not served from app/api: compare the web app's own routes only.
  return found.filter((operation) => operation.split(" ")[1]!.startsWith("/api/")).sort();
}

describe("docs/api/openapi.yaml", () => {
  it("documents exactly the REST operations the web app serves", () => {
    const served = servedOperations();
    expect(served.length).toBeGreaterThan(30);
    expect(documentedOperations()).toEqual(served);
  });
});
