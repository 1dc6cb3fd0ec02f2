import { toSmtpAddress } from "../../../src/core/address";
import { delegateOf, OfficeIdentity } from "../../../src/core/identity";
import type { DirectoryState } from "../../../src/directory/cache";
import type { UserShard } from "../../../src/core/model";
import { accountNotProfile } from "../../../src/taskpane/person";
import { personBehindAccount } from "../../../src/taskpane/person-behind-account";
import { alexShard, meganShard } from "../../fixtures/northwind";

// The pane at its start where Office's account is another UPN than userProfile: a shared mailbox
// added to new Outlook as an account (office-js #5682), or a person whose UPN is not their mail.
const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const MEGAN_MAIL = toSmtpAddress("megan.bowen@northwind.example");
const MEGAN_UPN = toSmtpAddress("MeganB@northwindtraders.onmicrosoft.com");
const SUPPORT = toSmtpAddress("support@northwind.example");

const inAccount = (profile: string, upn: string): OfficeIdentity => ({
  profile: { address: toSmtpAddress(profile), displayName: "" },
  signedIn: { upn: toSmtpAddress(upn), objectId: null },
  owner: null,
});

/** The directory as the pane reads it in public mode: the file under each key, if published. */
const files =
  (published: Record<string, UserShard>) =>
  async (key: string): Promise<DirectoryState | null> =>
    published[key]
      ? ({ status: "ready", shard: published[key], notes: [], fetchedAt: "" } as DirectoryState)
      : { status: "notPublished" };

describe("accountNotProfile", () => {
  it("asks for evidence only where Office's account is another UPN and nothing else names the person", () => {
    expect(accountNotProfile(inAccount(SUPPORT, ALEX))).toBe(true);
    expect(accountNotProfile(inAccount(MEGAN_MAIL, MEGAN_UPN))).toBe(true);
    expect(accountNotProfile(inAccount(ALEX, ALEX))).toBe(false);
    // "Open another mailbox" (the item's owner is userProfile) is decided already.
    expect(accountNotProfile({ ...inAccount(SUPPORT, ALEX), owner: SUPPORT })).toBe(false);
    expect(accountNotProfile({ ...inAccount(SUPPORT, ALEX), signedIn: null })).toBe(false);
  });
});

describe("personBehindAccount", () => {
  it("public mode: the file under Office's UPN is the person's, and the shared mailbox is one they opened", async () => {
    const identity = await personBehindAccount(
      inAccount(SUPPORT, ALEX),
      false,
      files({ [ALEX]: alexShard() })
    );
    const delegate = delegateOf(identity);
    expect(delegate.user.address).toBe(ALEX);
    expect(delegate.openedMailbox).toBe(SUPPORT);
    expect(delegate.uncertain).toBeUndefined();
  });

  it("public mode: a UPN that is not the mail address, in her own mailbox: the file naming userProfile keeps it hers", async () => {
    const identity = await personBehindAccount(
      inAccount(MEGAN_MAIL, MEGAN_UPN),
      false,
      files({ [MEGAN_MAIL]: meganShard() })
    );
    const delegate = delegateOf(identity);
    expect(delegate.user.address).toBe(MEGAN_MAIL);
    expect(delegate.openedMailbox).toBeNull();
  });

  it("public mode, neither file, or a read that fails: not taken as the person (uncertain, the UPN stands in)", async () => {
    for (const read of [files({}), async () => Promise.reject(new Error("offline"))]) {
      const delegate = delegateOf(
        await personBehindAccount(inAccount(SUPPORT, MEGAN_UPN), false, read)
      );
      expect(delegate.uncertain).toBe(true);
      expect(delegate.user.address).toBe(MEGAN_UPN);
    }
  });

  it("protected mode: reads nothing; the delegate is uncertain so B/me for the token decides", async () => {
    const read = jest.fn(files({ [ALEX]: alexShard() }));
    const delegate = delegateOf(await personBehindAccount(inAccount(SUPPORT, ALEX), true, read));
    expect(read).not.toHaveBeenCalled();
    expect(delegate.uncertain).toBe(true);
    expect(delegate.addressUnknown).toBe(true);
  });
});
