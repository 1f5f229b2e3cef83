// Auth link: the principal was authenticated for this HTTP request at the edge (cached, so a revoked
// key fails on its next request); here its scopes are enforced per message.
import { AppError } from "../../lib/app-error.ts";
import { isReadOnly, READ_ONLY_SCOPE } from "../../modules/auth/model.ts";
import type { McpLink } from "../chain.ts";

/** Methods a read-only ("mcp:read") key may not use: they can have side effects upstream. */
const WRITE_METHODS = new Set(["tools/call"]);

export const scopeLink: McpLink = (call, next) => {
  if (WRITE_METHODS.has(call.method) && isReadOnly(call.principal)) {
    const who = call.principal.kind === "jwt" ? `Role "${call.principal.role}"` : `API key scope "${READ_ONLY_SCOPE}"`;
    throw new AppError("FORBIDDEN", `Forbidden (403): ${who} may list and read but not use ${call.method}`);
  }
  return next();
};
