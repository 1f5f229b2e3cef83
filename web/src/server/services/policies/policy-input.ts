import { ZPolicyConditionsInput } from "@omnimesh/db/policy-conditions";
import { z } from "zod";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";

// Shared pieces of the create/update schemas.

export const ZPolicyName = z.string().trim().min(1, "Name is required").max(100, "At most 100 characters");
export const ZPolicyDescription = z.string().trim().max(1_000, "At most 1000 characters");
export const ZPolicyEffect = z.enum(["allow", "deny"], { error: "Effect must be allow or deny" });
export const ZPolicyPriority = z
  .number({ error: "Priority must be a whole number" })
  .int("Priority must be a whole number")
  .min(0, "Priority must be between 0 and 100000")
  .max(100_000, "Priority must be between 0 and 100000");
/** null: every namespace of the org. */
export const ZPolicyNamespaceId = ZObjectId.nullable();
export const ZPolicyConditionsField = ZPolicyConditionsInput;
