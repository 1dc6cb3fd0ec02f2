// rev12e #1: "Open another mailbox" where Office names no account, and the host knows a second
// account (MSAL #7356): a sign-in without a hint may hand over that other account's token. The
// pane takes no such account before the person confirms it (taskpane/confirm-account.ts).
import { toSmtpAddress } from "../../../src/core/address";
import { delegateOf, OfficeIdentity } from "../../../src/core/identity";
import {
  confirmedPerson,
  ConfirmAccountDeps,
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

/** The host answers with `accounts` in turn; the person answers `answers` in turn. */
function world(accounts: SignedInAccount[], answers: ("yes" | "another")[]) {
  const asked: string[] = [];
  const signIns: boolean[] = [];
  const deps: ConfirmAccountDeps = {
    signIn: async (interactive) => (signIns.push(interactive), accounts.shift() ?? null),
    ask: async (who) => (asked.push(who), answers.shift() ?? "another"),
  };
  return { deps, asked, signIns };
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

  // rev12f #1/#2: an answer remembered per opened mailbox was given to the next person opening
  // it on the same browser, whose host may hand over the remembered account's token.
  it("a second pane for the same mailbox asks again, about the account its sign-in gave", async () => {
    await confirmedPerson(opened, world([alex], ["yes"]).deps);
    const megansPane = world([megan], ["yes"]);
    const person = await confirmedPerson(opened, megansPane.deps);
    expect(megansPane.asked).toEqual(["Megan Bowen (megan.bowen@northwind.example)"]);
    expect(delegateOf(person!).user.address).toBe(megan.username);
    expect(person!.signedIn?.objectId).toBe(megan.objectId);
  });

  it("a second pane whose sign-in gives the account confirmed before is still asked, and no is taken", async () => {
    await confirmedPerson(opened, world([alex], ["yes"]).deps);
    // Megan's host knows Alex too and answers for him (MSAL #7356); Megan says no and picks herself.
    const megansPane = world([alex, megan], ["another", "yes"]);
    const person = await confirmedPerson(opened, megansPane.deps);
    expect(megansPane.asked).toEqual([
      "Alex Wilber (alex.wilber@northwind.example)",
      "Megan Bowen (megan.bowen@northwind.example)",
    ]);
    expect(megansPane.signIns).toEqual([false, true]);
    expect(person!.signedIn?.objectId).toBe(megan.objectId);
  });

  it("no sign-in completes (cancelled): nobody is taken for the person", async () => {
    const w = world([megan], ["another"]);
    await expect(confirmedPerson(opened, w.deps)).resolves.toBeNull();
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
});
