// Members and invitations in the browser: an owner invites someone (no SMTP in the e2e stack, so the link
// is shown), the invitee signs up through the link in a second browser context, the owner makes them a
// viewer, the viewer sees no write controls, and the org switcher lists and switches between two orgs.
import { expect, test } from "@playwright/test";
import { createNamespace, PASSWORD, signUp } from "./helpers";

test("invite by link, sign up through it, demote to viewer, and switch between two orgs", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const unique = Date.now().toString(36);
  const orgName = `Team ${unique}`;
  const inviteeEmail = `invitee-${unique}@example.com`;
  await signUp(page, { name: "Owner", email: `owner-${unique}@example.com`, orgName });

  // Something for the viewer to look at later.
  await createNamespace(page, "Tools", "tools");

  await page.getByRole("link", { name: "Invitations" }).click();
  await page.getByLabel("Email address").fill(inviteeEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Send this link to ${inviteeEmail}`)).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  const invitations = page.getByRole("table", { name: "Invitations" });
  await expect(invitations.getByRole("row").filter({ hasText: inviteeEmail })).toContainText("pending");

  // The invitee: a separate browser context, so a separate cookie jar, i.e. another person.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  await expect(invitee.getByTestId("invite-role")).toHaveText("member");
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await invitee.getByLabel("Your name").fill("Invitee");
  await invitee.getByLabel("Password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await expect(invitee).toHaveURL(/\/dashboard/);
  await expect(invitee.getByTestId("org-name")).toHaveText(orgName);

  // The link is single use.
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();

  // The owner sees the new member and makes them a viewer.
  await page.getByRole("link", { name: "Members" }).click();
  const role = page.getByLabel(`Role of ${inviteeEmail}`);
  await expect(role).toHaveValue("member");
  await role.selectOption("viewer");
  await expect(role).toHaveValue("viewer"); // controlled by the server's answer, so this waits for the save
  await page.reload();
  await expect(page.getByLabel(`Role of ${inviteeEmail}`)).toHaveValue("viewer");
  await page.goto("/invitations");
  await expect(invitations.getByRole("row").filter({ hasText: inviteeEmail })).toContainText("accepted");

  // The viewer can look but sees no write controls.
  await invitee.goto("/namespaces");
  await expect(invitee.getByRole("link", { name: "Tools" })).toBeVisible();
  await expect(invitee.getByRole("button", { name: "Create namespace" })).toHaveCount(0);
  await invitee.goto("/namespaces/tools");
  await expect(invitee.getByTestId("endpoint-url")).toBeVisible();
  await expect(invitee.getByRole("button", { name: "Register server" })).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: "Delete namespace" })).toHaveCount(0);
  await invitee.goto("/members");
  await expect(invitee.getByTestId(`role-${inviteeEmail}`)).toHaveText("viewer");
  await expect(invitee.getByRole("combobox")).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(invitee.getByRole("link", { name: "Invitations" })).toHaveCount(0);
  await inviteeContext.close();

  // A second org for the owner: the switcher lists both and switches between them.
  const secondName = `Second ${unique}`;
  await page.getByRole("button", { name: /Switch organization/ }).click();
  await page.getByRole("menuitem", { name: "New organization" }).click();
  await page.getByLabel("Organization name").fill(secondName);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByTestId("org-name")).toHaveText(secondName);

  await page.getByRole("button", { name: /Switch organization/ }).click();
  const menu = page.getByRole("menu", { name: "Your organizations" });
  await expect(menu.getByRole("menuitemradio")).toHaveCount(2);
  await expect(menu.getByRole("menuitemradio", { name: new RegExp(orgName) })).toBeVisible();
  await expect(menu.getByRole("menuitemradio", { name: new RegExp(secondName) })).toHaveAttribute(
    "aria-checked",
    "true",
  );
  await menu.getByRole("menuitemradio", { name: new RegExp(orgName) }).click();
  await expect(page.getByTestId("org-name")).toHaveText(orgName);
  // The data follows the session's org: the first org's namespace is back.
  await page.goto("/namespaces");
  await expect(page.getByRole("link", { name: "Tools" })).toBeVisible();
});
