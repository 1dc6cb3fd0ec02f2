import { toSmtpAddress } from "../../../src/core/address";
import { delegateOf, OfficeIdentity } from "../../../src/core/identity";
import type { DirectoryState } from "../../../src/directory/cache";
import type { UserShard } from "../../../src/core/model";
import { accountNotProfile, panePerson } from "../../../src/taskpane/person";
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

const ready = (shard: UserShard): DirectoryState => ({
  status: "ready",
  shard,
  notes: [],
  fetchedAt: "",
});

/**
 * The directory as the pane reads it in public mode: `stored` holds this device's copies by key,
 * `published` the directory's files. `held`: keys whose request never answers (a slow host).
 * Records every request, with whether a remembered "nothing published" would be asked again.
 */
function files(
  stored: Record<string, DirectoryState>,
  published: Record<string, UserShard>,
  held: string[] = []
) {
  const asked: { key: string; askAgain: boolean }[] = [];
  return {
    asked,
    stored: async (key: string) => stored[key] ?? null,
    load: (key: string, askAgain: boolean): Promise<DirectoryState> => {
      asked.push({ key, askAgain });
      if (held.includes(key)) return new Promise<DirectoryState>(() => undefined);
      return Promise.resolve(
        published[key] ? ready(published[key]) : { status: "notPublished", fetchedAt: "" }
      );
    },
  };
}

/** The person as the pane decides them after `state` arrives (usePane calls PaneHost.identify). */
function decidedAfter(identity: OfficeIdentity, state: DirectoryState | null) {
  const person = panePerson(identity);
  if (state && "shard" in state)
    person.identify({ user: state.shard.user, aliases: state.shard.aliases });
  return person.delegate();
}

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
  it("public mode, nothing stored: starts uncertain without a request, then the file under Office's UPN makes the shared mailbox one Alex opened", async () => {
    const dir = files({}, { [ALEX]: alexShard() });
    const { identity, directory } = await personBehindAccount(inAccount(SUPPORT, ALEX), false, dir);
    expect(dir.asked).toEqual([]);
    expect(delegateOf(identity).uncertain).toBe(true);
    const delegate = decidedAfter(identity, await directory!.refresh());
    expect(delegate.user.address).toBe(ALEX);
    expect(delegate.openedMailbox).toBe(SUPPORT);
    expect(delegate.uncertain).toBeUndefined();
  });

  it("public mode, Alex's file stored under his UPN: the shared mailbox is one he opened from the start, and his list is the first frame's", async () => {
    const dir = files({ [ALEX]: ready(alexShard()) }, { [ALEX]: alexShard() });
    const { identity, directory } = await personBehindAccount(inAccount(SUPPORT, ALEX), false, dir);
    const delegate = delegateOf(identity);
    expect(delegate.user.address).toBe(ALEX);
    expect(delegate.openedMailbox).toBe(SUPPORT);
    expect(dir.asked).toEqual([]);
    const cached = await directory!.cached();
    expect(cached && "shard" in cached && cached.shard.user).toBe(ALEX);
    // The shared mailbox's own file is not asked for while his answers.
    await directory!.refresh();
    expect(dir.asked).toEqual([{ key: ALEX, askAgain: true }]);
  });

  it("public mode, a UPN that is not the mail address, her file stored under userProfile: hers at once, while the request under her UPN is still held", async () => {
    const dir = files({ [MEGAN_MAIL]: ready(meganShard()) }, { [MEGAN_MAIL]: meganShard() }, [
      MEGAN_UPN,
    ]);
    const { identity, directory } = await personBehindAccount(
      inAccount(MEGAN_MAIL, MEGAN_UPN),
      false,
      dir
    );
    const delegate = delegateOf(identity);
    expect(delegate.user.address).toBe(MEGAN_MAIL);
    expect(delegate.openedMailbox).toBeNull();
    const cached = await directory!.cached();
    expect(cached && "shard" in cached && cached.shard.user).toBe(MEGAN_MAIL);
    // The check under her UPN reuses a remembered "nothing published" (no request every open).
    void directory!.refresh();
    await Promise.resolve();
    expect(dir.asked).toContainEqual({ key: MEGAN_UPN, askAgain: false });
  });

  it("public mode, her file under userProfile and a 404 under her UPN: the refresh keeps her own mailbox hers", async () => {
    const dir = files({ [MEGAN_MAIL]: ready(meganShard()) }, { [MEGAN_MAIL]: meganShard() });
    const { identity, directory } = await personBehindAccount(
      inAccount(MEGAN_MAIL, MEGAN_UPN),
      false,
      dir
    );
    const delegate = decidedAfter(identity, await directory!.refresh());
    expect(delegate.user.address).toBe(MEGAN_MAIL);
    expect(delegate.openedMailbox).toBeNull();
  });

  it("public mode, an old copy took the shared mailbox for the person's own: the file under the UPN corrects it", async () => {
    // A file once published for Customer Support, stored by a pane opened in it (the limit in
    // docs/architecture.md); Alex's own file under his UPN outranks it once it answers.
    const supportAsPerson = alexShard({ user: SUPPORT, aliases: [] });
    const dir = files({ [SUPPORT]: ready(supportAsPerson) }, { [ALEX]: alexShard() });
    const { identity, directory } = await personBehindAccount(inAccount(SUPPORT, ALEX), false, dir);
    expect(delegateOf(identity).user.address).toBe(SUPPORT);
    const delegate = decidedAfter(identity, await directory!.refresh());
    expect(delegate.user.address).toBe(ALEX);
    expect(delegate.openedMailbox).toBe(SUPPORT);
  });

  it("public mode, neither file, or stored copies that cannot be read: not taken as the person (uncertain, the UPN stands in)", async () => {
    const broken = { ...files({}, {}), stored: async () => Promise.reject(new Error("quota")) };
    for (const dir of [files({}, {}), broken]) {
      const { identity, directory } = await personBehindAccount(
        inAccount(SUPPORT, MEGAN_UPN),
        false,
        dir
      );
      const delegate = decidedAfter(identity, await directory!.refresh());
      expect(delegate.uncertain).toBe(true);
      expect(delegate.user.address).toBe(MEGAN_UPN);
    }
  });

  it('public mode, neither file and userProfile\'s request fails: the pane shows the failure, not "nothing published"', async () => {
    const dir = files({}, {});
    const failing = {
      ...dir,
      load: async (key: string, askAgain: boolean): Promise<DirectoryState> =>
        key === MEGAN_MAIL
          ? { status: "failed", failure: { kind: "unreachable", detail: "offline" } }
          : dir.load(key, askAgain),
    };
    const { directory } = await personBehindAccount(
      inAccount(MEGAN_MAIL, MEGAN_UPN),
      false,
      failing
    );
    expect((await directory!.refresh()).status).toBe("failed");
  });

  it("protected mode: reads nothing; the delegate is uncertain so B/me for the token decides", async () => {
    const dir = files({ [ALEX]: ready(alexShard()) }, { [ALEX]: alexShard() });
    const stored = jest.spyOn(dir, "stored");
    const { identity, directory } = await personBehindAccount(inAccount(SUPPORT, ALEX), true, dir);
    const delegate = delegateOf(identity);
    expect(stored).not.toHaveBeenCalled();
    expect(directory).toBeUndefined();
    expect(delegate.uncertain).toBe(true);
    expect(delegate.addressUnknown).toBe(true);
  });
});
