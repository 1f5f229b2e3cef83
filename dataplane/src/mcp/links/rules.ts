import type { OrgRules } from "../../modules/policies/model.ts";
import type { RulesDirectory } from "../../modules/policies/service.ts";
import type { McpCall } from "../chain.ts";

/** The org's rules for a call, loaded at most once per call (synchronously when cached). */
export function rulesFor(call: McpCall, rules: RulesDirectory): OrgRules | Promise<OrgRules> {
  if (call.rules) return call.rules;
  const found = rules.forOrg(call.route.orgId);
  if (found instanceof Promise) {
    return found.then((value) => {
      call.rules = value;
      return value;
    });
  }
  call.rules = found;
  return found;
}
