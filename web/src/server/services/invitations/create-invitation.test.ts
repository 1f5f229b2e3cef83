import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { db } from "~/server/db";
import { createAccount, uniqueId } from "~/test/fixtures";
import { createInvitation } from "./create-invitation";
import type { TDeliveryConfig } from "./deliver-invitation";
import { resendInvitation } from "./resend-invitation";

// A real SMTP server on a local port stands in for the outside mail provider (what SMTP_URL points at in
// production): nodemailer speaks the real protocol to it, and the test reads the message it received.
interface TReceived {
  from: string;
  to: string[];
  raw: string;
}

const received: TReceived[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});
let config: TDeliveryConfig;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  config = {
    baseUrl: "https://omnimesh.example.test/",
    mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: "Omnimesh <invites@omnimesh.example.test>" },
  };
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The link in a received mail's plain-text part (quoted-printable may wrap long lines with "=\r\n"). */
function linkIn(raw: string): string {
  const unwrapped = raw.replace(/=\r?\n/g, "");
  const match = /https:\/\/omnimesh\.example\.test\/invite\/[A-Za-z0-9_-]{43}/.exec(unwrapped);
  expect(match).not.toBeNull();
  return match?.[0] ?? "";
}

describe("invitation mail over SMTP", () => {
  it("mails the link instead of showing it, and the mailed link is the one that works", async () => {
    const owner = await createAccount("mail");
    const invitee = await createAccount("mail");
    const sent = await createInvitation(
      owner.org,
      actorOf(owner),
      "owner",
      {
        email: invitee.email,
        role: "member",
      },
      config,
    );
    expect(sent).toMatchObject({ delivery: "mailed", link: null });

    const mail = received.find((m) => m.to.includes(invitee.email));
    expect(mail?.from).toBe("invites@omnimesh.example.test");
    expect(mail?.raw).toContain(`Subject: You are invited to ${owner.org.name} on Omnimesh`);
    const link = linkIn(mail?.raw ?? "");
    const token = link.split("/").pop() ?? "";

    await expect(invitee.caller.invitations.accept({ token })).resolves.toMatchObject({
      org: owner.org,
      role: "member",
    });
  });

  it("mails a fresh link on resend; the first mailed link is dead", async () => {
    const owner = await createAccount("mail");
    const email = `${uniqueId("resend")}@example.test`;
    const sent = await createInvitation(owner.org, actorOf(owner), "owner", { email, role: "viewer" }, config);
    await resendInvitation(owner.org, actorOf(owner), "owner", { id: sent.invitation.id }, config);
    const links = received.filter((m) => m.to.includes(email)).map((m) => linkIn(m.raw));
    expect(links).toHaveLength(2);
    expect(links[0]).not.toBe(links[1]);

    const anonymous = createCaller({ userId: null, orgId: null, ip: "10.9.9.9", userAgent: null });
    const first = await anonymous.invitations.preview({ token: links[0]?.split("/").pop() ?? "" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(TRPCError);
    expect((first as TRPCError).code).toBe("NOT_FOUND");
    expect((await anonymous.invitations.preview({ token: links[1]?.split("/").pop() ?? "" })).status).toBe("pending");
  });

  it("falls back to showing the link when the SMTP server cannot be reached", async () => {
    const owner = await createAccount("mail");
    const email = `${uniqueId("down")}@example.test`;
    const down: TDeliveryConfig = { ...config, mail: { ...config.mail, smtpUrl: "smtp://127.0.0.1:1" } };
    const sent = await createInvitation(owner.org, actorOf(owner), "owner", { email, role: "member" }, down);
    expect(sent.delivery).toBe("mail_failed");
    expect(sent.link).toMatch(/^https:\/\/omnimesh\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(await db.invitation.count({ where: { orgId: owner.org.id, email } })).toBe(1);
  });
});

function actorOf(account: { userId: string; email: string }) {
  return { userId: account.userId, apiKeyId: null, email: account.email, ip: "127.0.0.1", userAgent: "vitest" };
}
