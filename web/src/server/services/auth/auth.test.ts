import { verifyPassword } from "@omnimesh/db/password";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { TEST_PASSWORD, uniqueId, uniqueIp } from "~/test/fixtures";
import { signUp, ZSignUpInput } from "./sign-up";
import { LOCKOUT_THRESHOLD, verifyCredentials, ZCredentials } from "./verify-credentials";

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("signUp", () => {
  it("creates the user, an org and an owner membership, with a scrypt password hash and an audit row", async () => {
    const id = uniqueId("signup");
    const input = ZSignUpInput.parse({
      name: " Ada ",
      email: ` ${id.toUpperCase()}@Example.test `,
      password: TEST_PASSWORD,
      orgName: `Acme ${id}`,
    });
    const result = await signUp(input, uniqueIp());
    expect(result.user.name).toBe("Ada");
    expect(result.user.email).toBe(`${id}@example.test`);
    expect(result.org.slug).toBe(`acme-${id}`);
    expect(result.role).toBe("owner");

    const user = await db.user.findUniqueOrThrow({ where: { id: result.user.id }, select: { passwordHash: true } });
    expect(user.passwordHash.startsWith("scrypt$")).toBe(true);
    expect(user.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(TEST_PASSWORD, user.passwordHash)).toBe(true);

    const membership = await db.membership.findUniqueOrThrow({
      where: { orgId_userId: { orgId: result.org.id, userId: result.user.id } },
      select: { role: true },
    });
    expect(membership.role).toBe("owner");
    const audit = await db.auditLog.findMany({
      where: { orgId: result.org.id },
      select: { action: true, actorUserId: true },
    });
    expect(audit).toEqual([{ action: "org.create", actorUserId: result.user.id }]);
  });

  it("gives a second org with the same name a different slug", async () => {
    const name = `Same Name ${uniqueId()}`;
    const first = await signUp(
      { name: "A", email: `${uniqueId()}@example.test`, password: TEST_PASSWORD, orgName: name },
      uniqueIp(),
    );
    const second = await signUp(
      { name: "B", email: `${uniqueId()}@example.test`, password: TEST_PASSWORD, orgName: name },
      uniqueIp(),
    );
    expect(second.org.slug).toBe(`${first.org.slug}-2`);
  });

  it("refuses a second account with the same email, naming the field", async () => {
    const email = `${uniqueId()}@example.test`;
    await signUp({ name: "A", email, password: TEST_PASSWORD }, uniqueIp());
    const error = await expectAppError(signUp({ name: "B", email, password: TEST_PASSWORD }, uniqueIp()), "CONFLICT");
    expect(error.fields).toEqual({ email: "An account with this email already exists" });
  });
});

describe("verifyCredentials", () => {
  it("accepts the right password, case-insensitively on the email, and rejects a wrong one", async () => {
    const email = `${uniqueId()}@example.test`;
    const { user } = await signUp({ name: "A", email, password: TEST_PASSWORD }, uniqueIp());
    const ok = await verifyCredentials(
      ZCredentials.parse({ email: email.toUpperCase(), password: TEST_PASSWORD }),
      uniqueIp(),
    );
    expect(ok).toEqual({ id: user.id, email, name: "A" });
    await expectAppError(verifyCredentials({ email, password: "wrong password" }, uniqueIp()), "INVALID_CREDENTIALS");
    await expectAppError(
      verifyCredentials({ email: `nobody-${uniqueId()}@example.test`, password: TEST_PASSWORD }, uniqueIp()),
      "INVALID_CREDENTIALS",
    );
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failures, even for the right password, and audits it`, async () => {
    const email = `${uniqueId()}@example.test`;
    const { user, org } = await signUp({ name: "A", email, password: TEST_PASSWORD }, uniqueIp());
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      await expectAppError(verifyCredentials({ email, password: `wrong-${i}` }, uniqueIp()), "INVALID_CREDENTIALS");
    }
    const locked = await expectAppError(
      verifyCredentials({ email, password: TEST_PASSWORD }, uniqueIp()),
      "ACCOUNT_LOCKED",
    );
    expect(locked.retryAfter).toBeGreaterThan(14 * 60);
    const audit = await db.auditLog.findMany({
      where: { orgId: org.id, action: "user.lock" },
      select: { targetId: true },
    });
    expect(audit).toEqual([{ targetId: user.id }]);
  });

  it("rate limits log-in attempts per IP", async () => {
    const ip = uniqueIp();
    const email = `nobody-${uniqueId()}@example.test`;
    for (let i = 0; i < 30; i++) {
      await expectAppError(verifyCredentials({ email, password: "x" }, ip), "INVALID_CREDENTIALS");
    }
    await expectAppError(verifyCredentials({ email, password: "x" }, ip), "RATE_LIMITED");
  });
});
