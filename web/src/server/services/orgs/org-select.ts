import type { Prisma } from "@omnimesh/db/client";
import { z } from "zod";

export const orgSelect = { id: true, slug: true, name: true } satisfies Prisma.OrganizationSelect;

export interface TOrg {
  id: string;
  slug: string;
  name: string;
}

export const ZOrgName = z.string().trim().min(1, "Name is required").max(100);
export const ZOrgId = z.string().trim().min(1, "Required").max(100);

export const ZSwitchOrgInput = z.object({ orgId: ZOrgId });
