"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { can, ROLES, type TPermission, type TRole } from "~/server/auth/permissions";
import { OrgSwitcher, type TSwitcherOrg } from "./org-switcher";
import { secondaryButtonClass } from "./ui";

const LINKS: { href: string; label: string; permission?: TPermission }[] = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/namespaces", label: "Namespaces" },
  { href: "/policies", label: "Policies" },
  { href: "/rate-limits", label: "Rate limits" },
  { href: "/api-keys", label: "API keys" },
  { href: "/logs", label: "Logs" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/members", label: "Members" },
  { href: "/invitations", label: "Invitations", permission: "invite:manage" },
  { href: "/settings", label: "Settings" },
];

function isRole(role: string): role is TRole {
  return (ROLES as readonly string[]).includes(role);
}

export function Nav({
  orgName,
  email,
  role,
  orgId,
  orgs,
}: {
  orgName: string;
  email: string;
  role: string;
  /** With `orgs`: the org name becomes the org switcher. */
  orgId?: string;
  orgs?: TSwitcherOrg[];
}) {
  const pathname = usePathname();
  // Hidden, not just refused: the server still checks the permission on every call.
  const links = LINKS.filter((link) => !link.permission || (isRole(role) && can(role, link.permission)));
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/dashboard" className="text-lg font-bold tracking-tight text-indigo-700">
          Omnimesh
        </Link>
        {orgs && orgId ? (
          <OrgSwitcher orgs={orgs} currentOrgId={orgId} orgName={orgName} />
        ) : (
          <span className="rounded bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-700" data-testid="org-name">
            {orgName}
          </span>
        )}
        <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
          {links.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                  active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100"
                }`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        <span className="hidden text-sm text-slate-500 sm:inline">
          {email} · {role}
        </span>
        <button type="button" className={secondaryButtonClass} onClick={() => signOut({ callbackUrl: "/login" })}>
          Log out
        </button>
      </div>
    </header>
  );
}
