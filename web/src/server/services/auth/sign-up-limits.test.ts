import { describe, expect, it } from "vitest";
import { AppError } from "~/server/errors/app-error";
import { TEST_PASSWORD, uniqueId, uniqueIp } from "~/test/fixtures";
import { SIGNUP_EMAIL_LIMIT, SIGNUP_IP_LIMIT, signUp } from "./sign-up";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("sign-up rate limits", () => {
  it(`refuses more than ${SIGNUP_IP_LIMIT.limit} sign-ups per hour from one IP`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGNUP_IP_LIMIT.limit; i++) {
      await signUp({ name: "A", email: `${uniqueId("ip-limit")}@example.test`, password: TEST_PASSWORD }, ip);
    }
    const limited = await errorOf(
      signUp({ name: "A", email: `${uniqueId()}@example.test`, password: TEST_PASSWORD }, ip),
    );
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.message).toBe("Too many sign-ups from this address");
    expect(limited.retryAfter).toBeGreaterThan(0);
  });

  it(`refuses more than ${SIGNUP_EMAIL_LIMIT.limit} attempts per hour for one email, from any IP`, async () => {
    const email = `${uniqueId("email-limit")}@example.test`;
    await signUp({ name: "A", email, password: TEST_PASSWORD }, uniqueIp());
    for (let i = 1; i < SIGNUP_EMAIL_LIMIT.limit; i++) {
      expect((await errorOf(signUp({ name: "B", email, password: TEST_PASSWORD }, uniqueIp()))).code).toBe("CONFLICT");
    }
    const limited = await errorOf(signUp({ name: "B", email, password: TEST_PASSWORD }, uniqueIp()));
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.message).toBe("Too many sign-up attempts for this email; try again later");
    expect(limited.retryAfter).toBeGreaterThan(60 * 59);
  });
});
