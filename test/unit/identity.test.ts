import { toSmtpAddress } from "../../src/core/address";
import { accountOfToken } from "../../src/core/person-from-token";
import { delegateOf, effectiveFrom, loginHintOf, readFromAs } from "../../src/core/identity";
import { itemOwner, officeSignedIn, readItemOwner } from "../../src/office/mailbox";

const alex = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const billing = toSmtpAddress("billing@northwind.example");
const billingProfile = { address: billing, displayName: "Billing" };
const alexAccount = { upn: alex.address, objectId: "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61" };
// A tenant whose sign-in names are not the mail addresses (Entra: UPN and mail are separate
// attributes): Jürgen signs in as j.weiss@contoso.onmicrosoft.com, his mailbox is juergen.weiss@.
const juergen = {
  address: toSmtpAddress("juergen.weiss@contoso.example"),
  displayName: "Jürgen Weiss",
};
const juergenAccount = {
  upn: toSmtpAddress("J.Weiss@contoso.onmicrosoft.com"),
  objectId: "0b8f7e6d-5c4b-4a39-8281-706f5e4d3c2b",
};
const shared = { address: toSmtpAddress("einkauf@contoso.example"), displayName: "Einkauf" };

describe("who is who (core/identity)", () => {
  it("Open another mailbox: userProfile is the mailbox, the delegate is Office's signed-in person", () => {
    // office-js #3837: userProfile is the other mailbox, by design.
    const d = delegateOf({ profile: billingProfile, signedIn: alexAccount, owner: billing });
    expect(d.user.address).toBe(alex.address);
    expect(d.openedMailbox).toBe(billing);
    // From as Outlook shows it there: the opened mailbox, whose rights are the person's to check.
    expect(effectiveFrom(billing, d, billing)).toBe(billing);
    expect(effectiveFrom(null, d, null)).toBe(billing);
  });

  it("the user's own mailbox: userProfile is the person; own From stays own", () => {
    const d = delegateOf({ profile: alex, signedIn: alexAccount, owner: null });
    expect(d).toEqual({ user: alex, openedMailbox: null, account: alexAccount });
    expect(loginHintOf(d)).toBe(alex.address);
    expect(effectiveFrom(alex.address, d, null)).toBe(alex.address);
    const noContext = delegateOf({ profile: alex, signedIn: null, owner: null });
    expect(noContext).toEqual({ user: alex, openedMailbox: null, account: null });
    // No auth context (no NestedAppAuth 1.1): the address is the only hint there is.
    expect(loginHintOf(noContext)).toBe(alex.address);
  });

  it("UPN differs from the primary SMTP address in the user's own mailbox: userProfile is the person", () => {
    const d = delegateOf({ profile: juergen, signedIn: juergenAccount, owner: null });
    // The directory key and the own From are the mailbox's address, not the sign-in name.
    expect(d.user).toEqual(juergen);
    expect(d.openedMailbox).toBeNull();
    // Entra's login hint is the sign-in name (UPN).
    expect(loginHintOf(d)).toBe("j.weiss@contoso.onmicrosoft.com");
    expect(effectiveFrom(juergen.address, d, null)).toBe(juergen.address);
    expect(effectiveFrom(null, d, null)).toBeNull();
    // Known addresses of the person that include userProfile's agree.
    const known = [juergen.address, toSmtpAddress("jw@contoso.example")];
    expect(
      delegateOf({
        profile: juergen,
        signedIn: juergenAccount,
        owner: null,
        personAddresses: known,
      }).user
    ).toEqual(juergen);
  });

  it("UPN differs and the item lives in a shared mailbox (classic reply): still the person's own profile", () => {
    // The owner is another mailbox than userProfile: the item is shared, userProfile is the user.
    const d = delegateOf({ profile: juergen, signedIn: juergenAccount, owner: shared.address });
    expect(d.user).toEqual(juergen);
    expect(d.openedMailbox).toBeNull();
    expect(effectiveFrom(juergen.address, d, shared.address)).toBe(shared.address);
  });

  it("Open another mailbox with UPN != mail: evidence from the item's owner or the person's addresses", () => {
    // The item lives in userProfile's own mailbox as a shared one: userProfile is not the person.
    const byOwner = delegateOf({
      profile: shared,
      signedIn: juergenAccount,
      owner: shared.address,
    });
    expect(byOwner.openedMailbox).toBe(shared.address);
    expect(byOwner.user.address).not.toBe(shared.address);
    expect(loginHintOf(byOwner)).toBe("j.weiss@contoso.onmicrosoft.com");
    // With the person's addresses known (their shard), the person is their primary address.
    const known = [juergen.address];
    for (const owner of [shared.address, null]) {
      const d = delegateOf({
        profile: shared,
        signedIn: juergenAccount,
        owner,
        personAddresses: known,
      });
      expect(d.user.address).toBe(juergen.address);
      expect(d.openedMailbox).toBe(shared.address);
      expect(d.account).toBe(juergenAccount);
    }
  });

  it("classic Outlook's reply in a shared mailbox: from.getAsync reads as the user, the item's owner is From", () => {
    // office-js #1832: from.getAsync returns the user's own address while From shows the mailbox.
    const d = delegateOf({ profile: alex, signedIn: null, owner: billing });
    expect(effectiveFrom(alex.address, d, billing)).toBe(billing);
    // Only inferred: the user may have chosen their own address, which reads the same; the
    // handlers then warn and never block (test/unit/events/handlers.test.ts).
    expect(readFromAs(alex.address, d, billing)).toEqual({ address: billing, inferred: true });
    // A From the user chose is taken as read.
    const sales = toSmtpAddress("sales@northwind.example");
    expect(effectiveFrom(sales, d, billing)).toBe(sales);
    expect(readFromAs(sales, d, billing)).toEqual({ address: sales, inferred: false });
    expect(readFromAs(billing, d, billing)).toEqual({ address: billing, inferred: false });
  });
});

describe("who is who in every combination (rev12b #3): Office's account known or not, the item's owner, the person's addresses", () => {
  // userProfile is Customer Support in each case; Alex is the person signed in.
  const support = { address: toSmtpAddress("support@northwind.example"), displayName: "Support" };
  const accounts = { null: null, known: alexAccount } as const;
  const owners = { profile: support.address, other: billing, unknown: null } as const;
  const addresses = {
    absent: undefined,
    includeProfile: [support.address, toSmtpAddress("helpdesk@northwind.example")],
    excludeProfile: [alex.address, toSmtpAddress("awilber@northwind.example")],
  } as const;
  const cases = (Object.keys(accounts) as (keyof typeof accounts)[]).flatMap((a) =>
    (Object.keys(owners) as (keyof typeof owners)[]).flatMap((o) =>
      (Object.keys(addresses) as (keyof typeof addresses)[]).map((k) => [a, o, k] as const)
    )
  );

  it.each(cases)("signedIn %s, owner %s, personAddresses %s", (a, o, k) => {
    const signedIn = accounts[a];
    const d = delegateOf({
      profile: support,
      signedIn,
      owner: owners[o],
      personAddresses: addresses[k],
    });
    const hint = loginHintOf(d);
    // A mailbox opened is never the login hint.
    if (d.openedMailbox) expect(hint).not.toBe(d.openedMailbox);
    if (k === "includeProfile") {
      // The person's own addresses name userProfile: it is their mailbox.
      expect(d).toEqual({ user: support, openedMailbox: null, account: signedIn });
    } else if (k === "excludeProfile") {
      // Their shard says they are Alex: Support is a mailbox opened, whatever Office said.
      expect(d.user.address).toBe(alex.address);
      expect(d.openedMailbox).toBe(support.address);
      expect(d.account).toBe(signedIn);
      expect(d.personUnknown).toBeUndefined();
      expect(hint).toBe(signedIn ? signedIn.upn : alex.address);
    } else if (o === "profile") {
      // The item lives in Support as a shared item: Support is not the person.
      expect(d.openedMailbox).toBe(support.address);
      expect(d.user.address).not.toBe(support.address);
      if (signedIn) {
        expect(d).toMatchObject({ user: { address: alex.address }, addressUnknown: true });
        expect(hint).toBe(alex.address);
      } else {
        // Nobody named yet: the token will say; no hint, so no token is refused by it.
        expect(d).toMatchObject({ personUnknown: true, account: null });
        expect(hint).toBeUndefined();
      }
    } else {
      // No evidence that userProfile is not the person (the user's own mailbox, or a classic
      // reply in another shared mailbox): userProfile stands, and is the hint without an account.
      expect(d).toEqual({ user: support, openedMailbox: null, account: signedIn });
      expect(hint).toBe(signedIn ? signedIn.upn : support.address);
    }
  });

  it("once the token names the person, the delegate is them, keyed by its sign-in name until their shard says more", () => {
    const unknown = delegateOf({ profile: support, signedIn: null, owner: support.address });
    expect(unknown.personUnknown).toBe(true);
    const account = accountOfToken({
      username: "Alex.Wilber@northwind.example",
      objectId: "5E3C1A7B-2F4D-4C8E-9B1A-0D2E3F4A5B61",
      tenantId: "7F4E2C1A-0D5B-4C3E-9A8F-2B6D1E0C9A55",
    });
    expect(account).toEqual({
      ...alexAccount,
      tenantId: "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55",
    });
    const d = delegateOf({ profile: support, signedIn: account, owner: support.address });
    expect(d).toMatchObject({
      user: { address: alex.address },
      openedMailbox: support.address,
      addressUnknown: true,
    });
    expect(loginHintOf(d)).toBe(alex.address);
    // A token that names no account tells nothing.
    expect(accountOfToken({ username: null, objectId: "x", tenantId: null })).toBeNull();
    expect(accountOfToken(null)).toBeNull();
  });
});

describe("Office wrappers for who is who", () => {
  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });
  const install = (office: unknown) =>
    ((globalThis as unknown as { Office: unknown }).Office = office);

  it("officeSignedIn: Office's account (UPN lower-cased, object id); null without the API or when it fails", async () => {
    install({
      auth: {
        getAuthContext: async () => ({
          userPrincipalName: " J.Weiss@Contoso.onmicrosoft.com",
          userObjectId: "0B8F7E6D-5C4B-4A39-8281-706F5E4D3C2B",
        }),
      },
    });
    await expect(officeSignedIn()).resolves.toEqual(juergenAccount);
    install({
      auth: {
        getAuthContext: async () => ({ userPrincipalName: "alex.wilber@northwind.example" }),
      },
    });
    await expect(officeSignedIn()).resolves.toEqual({ upn: alex.address, objectId: null });
    install({ auth: { getAuthContext: async () => ({ userPrincipalName: " " }) } });
    await expect(officeSignedIn()).resolves.toBeNull();
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

describe("a shared mailbox's new message whose owner Office would not name (office-js #6877)", () => {
  const unnamed = { owner: null, ownerUnknown: true };

  it("Open another mailbox, Office's UPN is the person's mail: the mailbox is never taken as the person", () => {
    const d = delegateOf({ profile: billingProfile, signedIn: alexAccount, ...unnamed });
    expect(d.user.address).toBe(alex.address);
    expect(d.user.address).not.toBe(billing);
    expect(d.uncertain).toBe(true);
    // Until the person's addresses are known, the directory is keyed by the sign-in name.
    expect(d.addressUnknown).toBe(true);
    expect(loginHintOf(d)).toBe(alex.address);
  });

  it("the person's stored addresses decide: without userProfile it is a mailbox opened, with it their own", () => {
    const opened = delegateOf({
      profile: shared,
      signedIn: juergenAccount,
      ...unnamed,
      personAddresses: [juergen.address],
    });
    expect(opened).toMatchObject({
      user: { address: juergen.address },
      openedMailbox: shared.address,
    });
    expect(opened.uncertain).toBeUndefined();
    // A new message in a shared mailbox added to the folder pane: userProfile is Jürgen himself.
    const own = delegateOf({
      profile: juergen,
      signedIn: juergenAccount,
      ...unnamed,
      personAddresses: [juergen.address],
    });
    expect(own).toMatchObject({ user: juergen, openedMailbox: null });
    expect(own.uncertain).toBeUndefined();
  });

  it("a UPN that is userProfile's address: the person's own mailbox, as before", () => {
    expect(delegateOf({ profile: alex, signedIn: alexAccount, ...unnamed })).toMatchObject({
      user: alex,
      openedMailbox: null,
    });
  });

  it("without Office's account nobody is known: the token must say, and the mailbox is no hint", () => {
    const d = delegateOf({ profile: billingProfile, signedIn: null, ...unnamed });
    expect(d.personUnknown).toBe(true);
    expect(d.user.address).toBe("");
    expect(loginHintOf(d)).toBeUndefined();
  });

  it("Office named nobody and the owner was not asked for (own item): userProfile stands, as before", () => {
    expect(delegateOf({ profile: alex, signedIn: null, owner: null })).toMatchObject({
      user: alex,
    });
  });

  it("readItemOwner: a failed or empty answer is 'unknown', a missing method is the user's own item", async () => {
    const install = (item: unknown) =>
      ((globalThis as unknown as { Office: unknown }).Office = {
        AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
        context: { mailbox: { item } },
      });
    try {
      install({
        getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
          cb({
            status: "failed",
            error: { code: 9002, message: "An internal error has occurred." },
          }),
      });
      await expect(readItemOwner()).resolves.toEqual({ owner: null, unknown: true });
      // office-js #4836: the call succeeds with no data.
      install({
        getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
          cb({ status: "succeeded", value: {} }),
      });
      await expect(readItemOwner()).resolves.toEqual({ owner: null, unknown: true });
      install({});
      await expect(readItemOwner()).resolves.toEqual({ owner: null, unknown: false });
      install({
        getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
          cb({ status: "succeeded", value: { owner: "Billing@Northwind.example" } }),
      });
      await expect(readItemOwner()).resolves.toEqual({ owner: billing, unknown: false });
    } finally {
      delete (globalThis as unknown as { Office?: unknown }).Office;
    }
  });
});

describe("Office's account is not userProfile and nothing stored says it is theirs (office-js #5682)", () => {
  it("a shared mailbox added as an account: the UPN stands in, never the mailbox, and the delegate is uncertain", () => {
    const d = delegateOf({
      profile: billingProfile,
      signedIn: alexAccount,
      owner: null,
      profileUnproven: true,
    });
    expect(d.user.address).toBe(alex.address);
    expect(d).toMatchObject({ openedMailbox: null, uncertain: true, addressUnknown: true });
    expect(loginHintOf(d)).toBe(alex.address);
  });

  it("Office's UPN is userProfile, or the stored addresses include it: userProfile is the person", () => {
    expect(
      delegateOf({ profile: alex, signedIn: alexAccount, owner: null, profileUnproven: true })
    ).toMatchObject({ user: alex, openedMailbox: null });
    const own = delegateOf({
      profile: juergen,
      signedIn: juergenAccount,
      owner: null,
      personAddresses: [juergen.address],
    });
    expect(own).toMatchObject({ user: juergen, openedMailbox: null });
    expect(own.uncertain).toBeUndefined();
  });
});

describe("Office should have named its account and did not (office-js #5682 with getAuthContext failing, rev12e #3)", () => {
  it("the shared mailbox added as an account is not taken as the person: nobody is known, the mailbox is no hint", () => {
    const d = delegateOf({
      profile: billingProfile,
      signedIn: null,
      owner: null,
      accountMissing: true,
    });
    expect(d).toMatchObject({ personUnknown: true, openedMailbox: null });
    expect(d.user.address).toBe("");
    expect(loginHintOf(d)).toBeUndefined();
  });

  it("once a confirmed sign-in names the account, the usual rule holds: its UPN is not userProfile, so it is decided as #5682", () => {
    const d = delegateOf({
      profile: billingProfile,
      signedIn: alexAccount,
      owner: null,
      accountMissing: true,
      profileUnproven: true,
    });
    expect(d).toMatchObject({ user: { address: alex.address }, uncertain: true });
    const opened = delegateOf({
      profile: billingProfile,
      signedIn: alexAccount,
      owner: null,
      accountMissing: true,
      personAddresses: [alex.address],
    });
    expect(opened).toMatchObject({ user: { address: alex.address }, openedMailbox: billing });
  });

  it("addresses known to be the person's that include userProfile: their own mailbox, no question", () => {
    const d = delegateOf({
      profile: alex,
      signedIn: null,
      owner: null,
      accountMissing: true,
      personAddresses: [alex.address],
    });
    expect(d).toMatchObject({ user: alex, openedMailbox: null });
    expect(d.personUnknown).toBeUndefined();
  });
});
