// rev12b #3: "Open another mailbox" where Office names no account (no getAuthContext, or it failed
// or timed out). The pane completes Office's answers with the sign-in's token (taskpane/person-from-token.ts,
// identifyByToken), then builds the account manager's expectations as src/taskpane/index.tsx
// does (loginHintOf, the account's object id). Alex signs in; userProfile is Customer Support.
import { toSmtpAddress } from "../../../src/core/address";
import {
  delegateOf,
  expectedAccountOf,
  loginHintOf,
  OfficeIdentity,
} from "../../../src/core/identity";
import { identifyByToken } from "../../../src/core/person-from-token";
import { AccountManager } from "../../../src/graph/auth/account-manager";
import { readAccessToken } from "../../../src/graph/auth/token-claims";
import { issueTestToken } from "../../../dev/graph-emulator";

const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const ALEX_OID = "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61";
const support = { address: toSmtpAddress("support@northwind.example"), displayName: "Support" };
const billing = toSmtpAddress("billing@northwind.example");
const alexAccount = { upn: ALEX, objectId: ALEX_OID };
const alexToken = () => issueTestToken({ preferred_username: ALEX, oid: ALEX_OID });

/** The pane's sign-in for `identity` where nested app authentication is missing (the dialog). */
async function signIn(identity: OfficeIdentity) {
  const dialogs: URL[] = [];
  const person = await identifyByToken(identity, async () => readAccessToken(alexToken()));
  if (!person) throw new Error("nobody named");
  const delegate = delegateOf(person);
  const m = new AccountManager({
    app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
    nestedAppAuthSupported: () => false,
    createNestablePca: async () => null,
    openDialog: async (url) => {
      dialogs.push(new URL(url));
      return JSON.stringify({
        status: "success",
        accessToken: "alex-token",
        expiresOn: Date.now() + 3600_000,
        account: ALEX,
        objectId: ALEX_OID,
      });
    },
    baseUrl: "https://sendfrom.example.org/app/",
    loginHint: loginHintOf(delegate),
    objectId: delegate.account?.objectId ?? undefined,
  });
  return { delegate, token: m.getToken(), dialogs };
}

describe("who signs in, Office's account known or not (rev12b #3)", () => {
  const owners = [support.address, billing, null];
  const addresses = [undefined, [ALEX]];
  const cases = [null, alexAccount].flatMap((signedIn) =>
    owners.flatMap((owner) =>
      addresses.map(
        (personAddresses) =>
          [
            signedIn ? "known" : "null",
            owner ?? "unknown",
            personAddresses ? "exclude Support" : "absent",
            { signedIn, owner, personAddresses },
          ] as const
      )
    )
  );

  it.each(cases)(
    "signedIn %s, owner %s, personAddresses %s: the person is who the evidence says, and a mailbox opened is never the login hint",
    async (_a, _o, _k, c) => {
      const identity: OfficeIdentity = { profile: support, ...c };
      const { delegate, token, dialogs } = await signIn(identity);
      const evidence = c.owner === support.address || !!c.personAddresses;
      if (!evidence) {
        // Nothing says userProfile is not the person (their own mailbox; a UPN unlike the mail
        // address is no evidence): userProfile stands. Office's account, where named, is still
        // the one whose token is taken (by object id); without it the hint is all there is.
        expect(delegate.user).toEqual(support);
        expect(delegate.openedMailbox).toBeNull();
        if (c.signedIn) await expect(token).resolves.toBe("alex-token");
        else await expect(token).rejects.toMatchObject({ kind: "wrongAccount" });
        return;
      }
      // The person is Alex: by their addresses, Office's account, or the token.
      expect(delegate.user.address).toBe(ALEX);
      expect(delegate.openedMailbox).toBe(support.address);
      await expect(token).resolves.toBe("alex-token");
      expect(dialogs[0].searchParams.get("loginHint")).toBe(ALEX);
    }
  );

  it("no account from Office, the item in Support: the token names Alex, so the hint and the check are Alex's", async () => {
    const { delegate, token, dialogs } = await signIn({
      profile: support,
      signedIn: null,
      owner: support.address,
    });
    expect(delegate).toMatchObject({
      user: { address: ALEX },
      openedMailbox: support.address,
      account: { upn: ALEX, objectId: ALEX_OID },
    });
    await expect(token).resolves.toBe("alex-token");
    expect(dialogs[0].searchParams.get("loginHint")).toBe(ALEX);
    expect(dialogs[0].searchParams.get("objectId")).toBe(ALEX_OID);
  });

  it("the handlers' way (Office's single sign-on token, a v1.0 token with upn): the person keyed by that sign-in name, the opened mailbox kept apart", async () => {
    const upn = "AlexW@northwind.onmicrosoft.example";
    const sso = issueTestToken({ preferred_username: "", upn, oid: ALEX_OID });
    const identity = await identifyByToken(
      { profile: support, signedIn: null, owner: support.address },
      async () => readAccessToken(sso)
    );
    expect(delegateOf(identity!)).toMatchObject({
      user: { address: upn.toLowerCase() },
      openedMailbox: support.address,
      account: { upn: upn.toLowerCase(), objectId: ALEX_OID },
      addressUnknown: true,
    });
  });

  it("nobody can be named (no sign-in configured, cancelled, a token naming no account): null, never the opened mailbox", async () => {
    const identity = { profile: support, signedIn: null, owner: support.address };
    await expect(identifyByToken(identity)).resolves.toBeNull();
    await expect(
      identifyByToken(identity, () => Promise.reject(new Error("cancelled")))
    ).resolves.toBeNull();
    await expect(
      identifyByToken(identity, async () => readAccessToken("opaque-token"))
    ).resolves.toBeNull();
    // Known already: Office's answers stand and nobody is asked.
    const asked = jest.fn();
    const known = { profile: support, signedIn: alexAccount, owner: support.address };
    await expect(identifyByToken(known, asked)).resolves.toBe(known);
    expect(asked).not.toHaveBeenCalled();
  });
});

describe("no account from Office, the person's UPN is not their mail address (rev12 review P9)", () => {
  // Older Outlook without NestedAppAuth 1.1 signs in through the dialog; Office names Megan only by
  // userProfile (her mail address) and her token by her UPN (plan-connect-userprincipalname).
  const megan = { address: toSmtpAddress("megan.bowen@northwind.example"), displayName: "Megan" };
  // Her ID token names her mail address (the `email` claim), which confirms the UPN is hers.
  const dialogAnswer = (account: string, objectId: string, addresses?: string[]) =>
    JSON.stringify({
      status: "success",
      accessToken: `token-of-${account}`,
      expiresOn: Date.now() + 3600_000,
      account,
      objectId,
      addresses,
    });
  const managerFor = (answer: string) =>
    new AccountManager({
      app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
      nestedAppAuthSupported: () => false,
      createNestablePca: async () => null,
      openDialog: async () => answer,
      baseUrl: "https://sendfrom.example.org/app/",
      ...expectedAccountOf(delegateOf({ profile: megan, signedIn: null, owner: null })),
    });

  it("Megan signing in as MeganB@…onmicrosoft.com gets her token, not 'another account'", async () => {
    const m = managerFor(
      dialogAnswer(
        "MeganB@northwindtraders.onmicrosoft.com",
        "6a1e0c5b-0000-4000-8000-00000000abcd",
        ["megan.bowen@northwind.example"]
      )
    );
    await expect(m.getToken()).resolves.toBe("token-of-MeganB@northwindtraders.onmicrosoft.com");
  });

  it("another person's token, nothing naming Megan's address, is refused as unconfirmed", async () => {
    const m = managerFor(dialogAnswer(ALEX, ALEX_OID, [ALEX]));
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });

  it("with Office's account known, the object id still refuses another person", async () => {
    const m = new AccountManager({
      app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
      nestedAppAuthSupported: () => false,
      createNestablePca: async () => null,
      openDialog: async () => dialogAnswer(ALEX, ALEX_OID),
      baseUrl: "https://sendfrom.example.org/app/",
      ...expectedAccountOf(
        delegateOf({
          profile: megan,
          signedIn: {
            upn: toSmtpAddress("MeganB@northwindtraders.onmicrosoft.com"),
            objectId: "6a1e0c5b-0000-4000-8000-00000000abcd",
          },
          owner: null,
        })
      ),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });
});

describe("one scope set for every sign-in of the pane (core/identity.ts expectedAccountOf)", () => {
  // The sign-in that learns the person from a token (taskpane/person-from-token.ts) and the pane's
  // sign-ins after it (sends, the directory) share MSAL's cache: asked for different scopes, MSAL
  // keeps two tokens and a silent request may miss the one the first sign-in left.
  /** The scopes each silent request of a manager built with `expected` asks the host for. */
  async function scopesAsked(expected: ReturnType<typeof expectedAccountOf>) {
    const asked: string[][] = [];
    const account = { homeAccountId: "a.t", username: ALEX, localAccountId: ALEX_OID };
    const pca = {
      acquireTokenSilent: async (r: { scopes: string[] }) => (
        asked.push([...r.scopes].sort()),
        { accessToken: "t", account }
      ),
      acquireTokenPopup: async () => ({ accessToken: "p", account }),
      getActiveAccount: () => null,
      getAllAccounts: () => [account],
      setActiveAccount: () => undefined,
    };
    const m = new AccountManager({
      app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
      nestedAppAuthSupported: () => true,
      createNestablePca: async () => pca as never,
      openDialog: async () => {
        throw new Error("no dialog expected");
      },
      baseUrl: "https://sendfrom.example.org/app/",
      ...expected,
    });
    // Whether the token is then taken is another question (the tests above): only what was asked.
    await m.getToken().catch(() => undefined);
    return asked;
  }

  it("Office names nobody in Support: the sign-in that names Alex asks what the pane's later sign-ins ask", async () => {
    const office: OfficeIdentity = { profile: support, signedIn: null, owner: support.address };
    const first = expectedAccountOf(delegateOf(office));
    const person = await identifyByToken(office, async () => readAccessToken(alexToken()));
    const after = expectedAccountOf(delegateOf(person!));
    expect(first).toMatchObject({ loginHint: undefined, hintIsAddress: false });
    expect(after).toMatchObject({ loginHint: ALEX, objectId: ALEX_OID });
    const [firstScopes, afterScopes] = [await scopesAsked(first), await scopesAsked(after)];
    expect(firstScopes).toEqual(afterScopes);
    expect(firstScopes[0]).not.toContain("email");
  });

  it("Office gives no account but userProfile is the person: every sign-in asks the email scope that confirms a differing UPN", async () => {
    const office: OfficeIdentity = { profile: support, signedIn: null, owner: null };
    const expected = expectedAccountOf(delegateOf(office));
    expect(expected).toMatchObject({ loginHint: support.address, hintIsAddress: true });
    expect((await scopesAsked(expected))[0]).toContain("email");
  });
});
