import { toSmtpAddress } from "../../../src/core/address";
import { delegateOf } from "../../../src/core/identity";
import { draftOwnerOf } from "../../../src/taskpane/draft-owner";

// Where the pane tells the send pipeline to find the user's draft (graph/send.ts
// ComposeWindow.draftOwner), from what getSharedPropertiesAsync said after the save.
const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const SUPPORT = toSmtpAddress("support@northwind.example");
const me = delegateOf({
  profile: { address: ALEX, displayName: "Alex Wilber" },
  signedIn: { upn: ALEX, objectId: null },
  owner: null,
});

describe("draftOwnerOf", () => {
  it("the user's own item: their own Drafts", () => {
    expect(draftOwnerOf({ owner: null, unknown: false }, me)).toBeNull();
    expect(draftOwnerOf({ owner: ALEX, unknown: false }, me)).toBeNull();
  });

  it("a message written inside a shared mailbox Office names: that mailbox (office-js #1116)", () => {
    expect(draftOwnerOf({ owner: SUPPORT, unknown: false }, me)).toBe(SUPPORT);
  });

  it("a new message in a shared mailbox Office would not name (office-js #6877): not the user's Drafts", () => {
    expect(draftOwnerOf({ owner: null, unknown: true }, me)).toBeUndefined();
  });

  it("the same in Outlook on the web's 'Open another mailbox': the mailbox opened", () => {
    const opened = delegateOf({
      profile: { address: SUPPORT, displayName: "Customer Support" },
      signedIn: { upn: ALEX, objectId: null },
      owner: null,
      ownerUnknown: true,
      personAddresses: [ALEX],
    });
    expect(opened.openedMailbox).toBe(SUPPORT);
    expect(draftOwnerOf({ owner: null, unknown: true }, opened)).toBe(SUPPORT);
  });

  it("a shared mailbox added to new Outlook as its own account (office-js #5682): that mailbox, though Office offers no owner", () => {
    // getSharedPropertiesAsync is not offered; once the person is known, userProfile is a
    // mailbox other than theirs, and the account's drafts are saved there.
    const account = delegateOf({
      profile: { address: SUPPORT, displayName: "Customer Support" },
      signedIn: { upn: ALEX, objectId: null },
      owner: null,
      personAddresses: [ALEX],
    });
    expect(draftOwnerOf({ owner: null, unknown: false }, account)).toBe(SUPPORT);
  });

  it("while nobody knows whether userProfile is the person: looked for, never assumed to be /me", () => {
    const uncertain = delegateOf({
      profile: { address: SUPPORT, displayName: "Customer Support" },
      signedIn: { upn: ALEX, objectId: null },
      owner: null,
      profileUnproven: true,
    });
    expect(uncertain.uncertain).toBe(true);
    expect(draftOwnerOf({ owner: null, unknown: false }, uncertain)).toBeUndefined();
  });
});
