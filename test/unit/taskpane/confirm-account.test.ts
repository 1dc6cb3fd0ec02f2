// rev12e #1: "Open another mailbox" where Office names no account, and the host knows a second
// account (MSAL #7356): a sign-in without a hint may hand over that other account's token. The
// pane takes no such account before the person confirms it (taskpane/confirm-account.ts).
import { toSmtpAddress } from "../../../src/core/address";
import { delegateOf, OfficeIdentity } from "../../../src/core/identity";
import {
  CONFIRMED_PREFIX,
  confirmedPerson,
  ConfirmAccountDeps,
  forgetConfirmedAccount,
  SignedInAccount,
} from "../../../src/taskpane/confirm-account";

const SUPPORT = toSmtpAddress("support@northwind.example");
const alex: SignedInAccount = {
  username: "alex.wilber@northwind.example",
  objectId: "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61",
  tenantId: "tid",
  name: "Alex Wilber",
};
const megan: SignedInAccount = {
  username: "megan.bowen@northwind.example",
  objectId: "7a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
  tenantId: "tid",
  name: "Megan Bowen",
};
const opened: OfficeIdentity = {
  profile: { address: SUPPORT, displayName: "Customer Support" },
  signedIn: null,
  owner: SUPPORT,
};

function memory() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

/** The host answers with `accounts` in turn; the person answers `answers` in turn. */
function world(accounts: SignedInAccount[], answers: ("yes" | "another")[], storage = memory()) {
  const asked: string[] = [];
  const signIns: boolean[] = [];
  const deps: ConfirmAccountDeps = {
    storage,
    signIn: async (interactive) => (signIns.push(interactive), accounts.shift() ?? null),
    ask: async (who) => (asked.push(who), answers.shift() ?? "another"),
  };
  return { deps, asked, signIns, storage };
}

describe("the account a sign-in without a hint gave, confirmed by the person", () => {
  it("the host answers for another account: the person says no, picks their own, and the pane is theirs", async () => {
    const w = world([megan, alex], ["another", "yes"]);
    const person = await confirmedPerson(opened, w.deps);
    expect(w.asked).toEqual([
      "Megan Bowen (megan.bowen@northwind.example)",
      "Alex Wilber (alex.wilber@northwind.example)",
    ]);
    // The second sign-in is one the person makes (a popup or dialog asking to pick).
    expect(w.signIns).toEqual([false, true]);
    expect(delegateOf(person!).user.address).toBe(alex.username);
    expect(person!.signedIn).toEqual({
      upn: alex.username,
      objectId: alex.objectId,
      tenantId: "tid",
    });
  });

  it("confirmed once on this device: the next pane for that mailbox does not ask, and names the account", async () => {
    const first = world([alex], ["yes"]);
    await confirmedPerson(opened, first.deps);
    expect([...first.storage.items.keys()]).toEqual([CONFIRMED_PREFIX + SUPPORT]);
    // Nothing sensitive kept: the account's names, no token.
    expect(JSON.parse(first.storage.items.get(CONFIRMED_PREFIX + SUPPORT)!)).toEqual({
      upn: alex.username,
      objectId: alex.objectId,
      tenantId: "tid",
    });
    const again = world([alex], [], first.storage);
    const person = await confirmedPerson(opened, again.deps);
    expect(again.asked).toEqual([]);
    // One sign-in without a hint, which names the remembered account.
    expect(again.signIns).toEqual([false]);
    expect(person!.signedIn?.objectId).toBe(alex.objectId);
  });

  // rev12f #1/#2: the answer is remembered per opened mailbox, not per person.
  it("another person opens the same mailbox on this device: asked about their own account, never given the remembered one", async () => {
    const first = world([alex], ["yes"]);
    await confirmedPerson(opened, first.deps);
    const megansPane = world([megan], ["yes"], first.storage);
    const person = await confirmedPerson(opened, megansPane.deps);
    expect(megansPane.asked).toEqual(["Megan Bowen (megan.bowen@northwind.example)"]);
    expect(delegateOf(person!).user.address).toBe(megan.username);
    expect(person!.signedIn?.objectId).toBe(megan.objectId);
    // Her answer replaces Alex's: the next pane on this device is hers without a question.
    expect(JSON.parse(first.storage.items.get(CONFIRMED_PREFIX + SUPPORT)!).objectId).toBe(
      megan.objectId
    );
  });

  it("the sign-in names another account than the remembered one and the person says no: they pick, and are asked about the pick", async () => {
    const first = world([alex], ["yes"]);
    await confirmedPerson(opened, first.deps);
    // The host answers for Megan (MSAL #7356); Alex says no and picks himself.
    const w = world([megan, alex], ["another", "yes"], first.storage);
    const person = await confirmedPerson(opened, w.deps);
    expect(w.asked).toEqual([
      "Megan Bowen (megan.bowen@northwind.example)",
      "Alex Wilber (alex.wilber@northwind.example)",
    ]);
    expect(w.signIns).toEqual([false, true]);
    expect(person!.signedIn?.objectId).toBe(alex.objectId);
  });

  it("the sign-in names another account and nobody signs in after no: nobody is taken, not even the remembered account", async () => {
    const first = world([alex], ["yes"]);
    await confirmedPerson(opened, first.deps);
    const w = world([megan], ["another"], first.storage);
    await expect(confirmedPerson(opened, w.deps)).resolves.toBeNull();
  });

  it("a forgotten answer is asked again, even for the same account", async () => {
    const first = world([alex], ["yes"]);
    await confirmedPerson(opened, first.deps);
    forgetConfirmedAccount(first.storage, SUPPORT);
    expect(first.storage.items.size).toBe(0);
    const again = world([alex], ["yes"], first.storage);
    await confirmedPerson(opened, again.deps);
    expect(again.asked).toEqual(["Alex Wilber (alex.wilber@northwind.example)"]);
  });

  it("no sign-in completes (cancelled): nobody is taken for the person", async () => {
    const w = world([megan], ["another"]);
    await expect(confirmedPerson(opened, w.deps)).resolves.toBeNull();
    expect(w.storage.items.size).toBe(0);
  });

  it("nobody can be asked: the account is not taken", async () => {
    const w = world([megan], []);
    w.deps.ask = () => Promise.reject(new Error("no pane"));
    await expect(confirmedPerson(opened, w.deps)).resolves.toBeNull();
  });

  it("Office named the person: no sign-in, no question", async () => {
    const w = world([megan], []);
    const known = { ...opened, signedIn: { upn: toSmtpAddress(alex.username!), objectId: null } };
    await expect(confirmedPerson(known, w.deps)).resolves.toBe(known);
    expect(w.signIns).toEqual([]);
  });

  it("a remembered record that cannot be read is not trusted: the person is asked", async () => {
    const storage = memory();
    storage.setItem(CONFIRMED_PREFIX + SUPPORT, "{not json");
    const w = world([alex], ["yes"], storage);
    await confirmedPerson(opened, w.deps);
    expect(w.asked).toHaveLength(1);
  });
});
