import { toSmtpAddress } from "../../src/core/address";
import { delegateOf, effectiveFrom } from "../../src/core/identity";
import { itemOwner, officeSignedIn } from "../../src/office/mailbox";

const alex = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const billing = toSmtpAddress("billing@northwind.example");
const billingProfile = { address: billing, displayName: "Billing" };

describe("who is who (core/identity)", () => {
  it("Open another mailbox: userProfile is the mailbox, the delegate is Office's signed-in person", () => {
    // office-js #3837: userProfile is the other mailbox, by design.
    const d = delegateOf({ profile: billingProfile, signedIn: alex.address, owner: billing });
    expect(d.user.address).toBe(alex.address);
    expect(d.openedMailbox).toBe(billing);
    // From as Outlook shows it there: the opened mailbox, whose rights are the person's to check.
    expect(effectiveFrom(billing, d, billing)).toBe(billing);
    expect(effectiveFrom(null, d, null)).toBe(billing);
  });

  it("the user's own mailbox: userProfile is the person; own From stays own", () => {
    const d = delegateOf({ profile: alex, signedIn: alex.address, owner: null });
    expect(d).toEqual({ user: alex, openedMailbox: null });
    expect(effectiveFrom(alex.address, d, null)).toBe(alex.address);
    expect(delegateOf({ profile: alex, signedIn: null, owner: null }).user).toBe(alex);
  });

  it("classic Outlook's reply in a shared mailbox: from.getAsync reads as the user, the item's owner is From", () => {
    // office-js #1832: from.getAsync returns the user's own address while From shows the mailbox.
    const d = delegateOf({ profile: alex, signedIn: null, owner: billing });
    expect(effectiveFrom(alex.address, d, billing)).toBe(billing);
    // A From the user chose is taken as read.
    const sales = toSmtpAddress("sales@northwind.example");
    expect(effectiveFrom(sales, d, billing)).toBe(sales);
  });
});

describe("Office wrappers for who is who", () => {
  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });
  const install = (office: unknown) =>
    ((globalThis as unknown as { Office: unknown }).Office = office);

  it("officeSignedIn: Office's account lower-cased; null without the API or when it fails", async () => {
    install({
      auth: {
        getAuthContext: async () => ({ userPrincipalName: " Alex.Wilber@northwind.example" }),
      },
    });
    await expect(officeSignedIn()).resolves.toBe(alex.address);
    install({ auth: {} });
    await expect(officeSignedIn()).resolves.toBeNull();
    install({ auth: { getAuthContext: () => Promise.reject(new Error("13012")) } });
    await expect(officeSignedIn()).resolves.toBeNull();
  });

  it("officeSignedIn: a host that never answers does not hold the pane (bounded wait)", async () => {
    jest.useFakeTimers();
    try {
      install({ auth: { getAuthContext: () => new Promise(() => undefined) } });
      const answer = officeSignedIn();
      await jest.advanceTimersByTimeAsync(2000);
      await expect(answer).resolves.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it("itemOwner: the owner from getSharedPropertiesAsync; null on the user's own item or on failure", async () => {
    const office = (item: unknown) => ({
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      context: { mailbox: { item } },
    });
    install(
      office({
        getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
          cb({ status: "succeeded", value: { owner: "Billing@Northwind.example" } }),
      })
    );
    await expect(itemOwner()).resolves.toBe(billing);
    install(office({}));
    await expect(itemOwner()).resolves.toBeNull();
    install(
      office({
        getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
          cb({ status: "failed", error: { code: 9030, message: "not shared" } }),
      })
    );
    await expect(itemOwner()).resolves.toBeNull();
  });
});
