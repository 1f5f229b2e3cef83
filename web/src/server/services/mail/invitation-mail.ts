import "server-only";
import type { TMailMessage } from "./send-mail";

export interface TInvitationMailInput {
  to: string;
  orgName: string;
  role: string;
  inviterEmail: string | null;
  link: string;
  expiresAt: Date;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The invitation mail: plain text plus a minimal HTML part with the same content. */
export function invitationMail(input: TInvitationMailInput): TMailMessage {
  const who = input.inviterEmail ?? "An administrator";
  const expires = input.expiresAt.toUTCString();
  const text = [
    `${who} invited you to join "${input.orgName}" on Omnimesh as ${input.role}.`,
    "",
    `Accept the invitation: ${input.link}`,
    "",
    `The link works once and expires on ${expires}.`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(who)} invited you to join <strong>${escapeHtml(input.orgName)}</strong> on Omnimesh as ${escapeHtml(input.role)}.</p>`,
    `<p><a href="${escapeHtml(input.link)}">Accept the invitation</a></p>`,
    `<p>The link works once and expires on ${escapeHtml(expires)}.</p>`,
  ].join("\n");
  return { to: input.to, subject: `You are invited to ${input.orgName} on Omnimesh`, text, html };
}
