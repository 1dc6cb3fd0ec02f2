import { toSmtpAddress } from "../../../src/core/address";
import type { OfficeIdentity } from "../../../src/core/identity";
import type { Preferences } from "../../../src/core/search";
import { panePreferences, PreferenceStore } from "../../../src/taskpane/pane-preferences";
import { panePerson } from "../../../src/taskpane/person";

// Where a person's favourites are read and written, as the directory names the person (rev12f #4):
// a UPN that is not the mail address starts uncertain; their own mailbox's roaming settings follow
// them, a mailbox opened or added as an account (office-js #5682) keeps them on this device.
const MEGAN_MAIL = toSmtpAddress("megan.bowen@northwind.example");
const MEGAN_UPN = toSmtpAddress("MeganB@northwindtraders.onmicrosoft.com");
const SUPPORT = toSmtpAddress("support@northwind.example");

const unproven = (profile: string): OfficeIdentity => ({
  profile: { address: toSmtpAddress(profile), displayName: "" },
  signedIn: { upn: MEGAN_UPN, objectId: null },
  owner: null,
  profileUnproven: true,
});

function store(favourites: string[]) {
  let kept: Preferences = { favourites: favourites.map(toSmtpAddress), recent: [] };
  const saved: Preferences[] = [];
  const s: PreferenceStore = {
    load: () => kept,
    save: async (p) => {
      kept = p;
      saved.push(p);
    },
  };
  return { s, saved };
}

describe("panePreferences", () => {
  it("Megan in her own mailbox: this device's until the directory names her, then her roaming favourites, read and written", async () => {
    const person = panePerson(unproven(MEGAN_MAIL));
    const device = store([]);
    const roaming = store([SUPPORT]);
    const prefs = panePreferences(person.delegate, device.s, roaming.s);
    expect(prefs.load().favourites).toEqual([]);

    person.identify({ user: MEGAN_MAIL });
    expect(prefs.load().favourites).toEqual([SUPPORT]);
    const next: Preferences = { favourites: [SUPPORT, MEGAN_MAIL], recent: [] };
    await prefs.save(next);
    expect(roaming.saved).toEqual([next]);
    expect(device.saved).toEqual([]);
  });

  it("a shared mailbox added as an account (office-js #5682): still this device's once the directory names the person elsewhere", async () => {
    const person = panePerson(unproven(SUPPORT));
    const device = store([]);
    const roaming = store([MEGAN_MAIL]);
    const prefs = panePreferences(person.delegate, device.s, roaming.s);

    person.identify({ user: MEGAN_MAIL });
    expect(prefs.load().favourites).toEqual([]);
    const next: Preferences = { favourites: [SUPPORT], recent: [] };
    await prefs.save(next);
    expect(device.saved).toEqual([next]);
    expect(roaming.saved).toEqual([]);
  });
});
