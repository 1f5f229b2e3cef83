import "server-only";
import { env } from "~/env";
import { invitationMail } from "~/server/services/mail/invitation-mail";
import { defaultMailConfig, sendMail, type TMailConfig } from "~/server/services/mail/send-mail";

export interface TDeliveryConfig {
  /** Public URL of the web app; links point at `<baseUrl>/invite/<token>`. */
  baseUrl: string;
  mail: TMailConfig;
}

export const defaultDeliveryConfig = (): TDeliveryConfig => ({ baseUrl: env.NEXTAUTH_URL, mail: defaultMailConfig() });

export interface TDelivery {
  /** "mailed": sent by SMTP; "link": no SMTP configured; "mail_failed": SMTP refused, pass the link on. */
  delivery: "mailed" | "link" | "mail_failed";
  /** The invitation link, for the admin to pass on; null once it was mailed (it is the invitee's credential). */
  link: string | null;
}

export interface TDeliverInput {
  token: string;
  email: string;
  role: string;
  orgName: string;
  inviterEmail: string | null;
  expiresAt: Date;
}

export async function deliverInvitation(input: TDeliverInput, config: TDeliveryConfig): Promise<TDelivery> {
  const link = `${config.baseUrl.replace(/\/+$/, "")}/invite/${input.token}`;
  if (!config.mail.smtpUrl) return { delivery: "link", link };
  try {
    await sendMail(
      invitationMail({
        to: input.email,
        orgName: input.orgName,
        role: input.role,
        inviterEmail: input.inviterEmail,
        link,
        expiresAt: input.expiresAt,
      }),
      config.mail,
    );
    return { delivery: "mailed", link: null };
  } catch (error) {
    console.error("[mail] invitation not sent", error instanceof Error ? error.message : error);
    return { delivery: "mail_failed", link };
  }
}
