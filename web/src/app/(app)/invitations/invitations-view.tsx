"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "~/app/_components/copy-button";
import { DataTable } from "~/app/_components/data-table";
import { FormError } from "~/app/_components/form-error";
import { dangerButtonClass, EmptyState, inputClass, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { can } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";
import { InviteForm, type TSentLink } from "./invite-form";

const STATUS_CLASS: Record<string, string> = {
  pending: "text-emerald-700",
  accepted: "text-slate-600",
  revoked: "text-slate-500",
  expired: "text-amber-700",
};

export function InvitationsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<TSentLink | null>(null);
  const current = useQuery(trpc.org.current.queryOptions());
  const myRole = current.data?.role;
  const allowed = myRole ? can(myRole, "invite:manage") : false;
  const invitations = useQuery({ ...trpc.invitations.list.queryOptions(), enabled: allowed });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
  const onSent = async (next: TSentLink) => {
    setSent(next);
    await refresh();
  };
  const resend = useMutation(
    trpc.invitations.resend.mutationOptions({
      onSuccess: (result) => onSent({ email: result.invitation.email, delivery: result.delivery, link: result.link }),
    }),
  );
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSuccess: refresh }));
  const error = errorDetails(resend.error) ?? errorDetails(revoke.error);

  if (!myRole) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!allowed) {
    return (
      <>
        <PageHeader title="Invitations" />
        <EmptyState>Only owners and admins can invite people.</EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Invitations"
        description="An invitation link works once and expires after 7 days. Resending issues a new link; the old one stops working."
      />
      {sent ? (
        <section className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-5" aria-labelledby="sent-heading">
          <h2 id="sent-heading" className="font-semibold text-amber-900">
            {sent.delivery === "mailed"
              ? `Invitation mailed to ${sent.email}`
              : sent.delivery === "mail_failed"
                ? `The mail to ${sent.email} could not be sent: pass this link on yourself`
                : `Send this link to ${sent.email}; it is shown only now`}
          </h2>
          {sent.link ? (
            <div className="mt-3 flex items-center gap-2">
              <label htmlFor="invite-link" className="sr-only">
                Invitation link
              </label>
              <input
                id="invite-link"
                readOnly
                value={sent.link}
                className={`${inputClass} font-mono`}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={sent.link} label="Copy link" />
            </div>
          ) : null}
          <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => setSent(null)}>
            Done
          </button>
        </section>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading" className="sr-only">
            Invitations
          </h2>
          <FormError error={error} />
          {invitations.data?.length === 0 ? <EmptyState>No invitations yet.</EmptyState> : null}
          {invitations.data?.length ? (
            <DataTable label="Invitations" columns={["Email", "Role", "Status", "Expires"]} actions>
              {invitations.data.map((invitation) => {
                const open = invitation.status === "pending" || invitation.status === "expired";
                return (
                  <tr key={invitation.id}>
                    <td className="px-4 py-2 font-medium">{invitation.email}</td>
                    <td className="px-4 py-2">{invitation.role}</td>
                    <td className="px-4 py-2">
                      <span className={STATUS_CLASS[invitation.status]}>{invitation.status}</span>
                    </td>
                    <td className="px-4 py-2 text-slate-500">{invitation.expiresAt.toLocaleString()}</td>
                    <td className="space-x-2 whitespace-nowrap px-4 py-2 text-right">
                      {open ? (
                        <button
                          type="button"
                          className={secondaryButtonClass}
                          disabled={resend.isPending}
                          aria-label={`Resend to ${invitation.email}`}
                          onClick={() => resend.mutate({ id: invitation.id })}
                        >
                          Resend
                        </button>
                      ) : null}
                      {open ? (
                        <button
                          type="button"
                          className={dangerButtonClass}
                          disabled={revoke.isPending}
                          aria-label={`Revoke invitation to ${invitation.email}`}
                          onClick={() => {
                            if (window.confirm(`Revoke the invitation to ${invitation.email}?`)) {
                              revoke.mutate({ id: invitation.id });
                            }
                          }}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          ) : null}
        </section>
        <InviteForm myRole={myRole} onSent={onSent} />
      </div>
    </>
  );
}
