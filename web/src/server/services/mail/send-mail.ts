import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/env";

export interface TMailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface TMailConfig {
  /** smtp://user:pass@host:port or smtps://…; no URL means mail is off. */
  smtpUrl: string | undefined;
  from: string;
}

export const defaultMailConfig = (): TMailConfig => ({ smtpUrl: env.SMTP_URL, from: env.SMTP_FROM });

// One transport per SMTP URL for the process, built on first use rather than per mail.
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl, {});
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Sends one mail through the configured SMTP server; resolves false when mail is not configured. */
export async function sendMail(message: TMailMessage, config: TMailConfig = defaultMailConfig()): Promise<boolean> {
  if (!config.smtpUrl) return false;
  await transportFor(config.smtpUrl).sendMail({ from: config.from, ...message });
  return true;
}
