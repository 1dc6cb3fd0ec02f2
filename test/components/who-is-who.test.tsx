/**
 * @jest-environment jsdom
 */
// Issue 12, "Who is who": in Outlook on the web's "Open another mailbox" userProfile is the
// other mailbox (office-js #3837), and a UPN that is not the mail address (Megan signs in as
// MeganB@northwindtraders.onmicrosoft.com) leaves Office unable to say who the person is. The
// pane wires Office's answers through taskpane/person.ts as index.tsx does, over the playground's
// simulated Office (dev/playground/office-sim.ts); once the person's shard arrives its user and
// aliases decide who the delegate is.
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { toSmtpAddress } from "../../src/core/address";
import { en } from "../../src/core/i18n/en";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import type { DirectoryState } from "../../src/directory/client";
import {
  getFrom,
  itemOwner,
  officeSignedIn,
  readItemOwner,
  userProfile,
} from "../../src/office/mailbox";
import type { PaneHost } from "../../src/taskpane/host";
import { Pane } from "../../src/taskpane/Pane";
import { panePerson } from "../../src/taskpane/person";
import type { OfficeIdentity } from "../../src/core/identity";
import type { Scenario } from "../../dev/playground/simulator";
import { defaultScenario, MEGAN } from "../../dev/playground/sample-tenant";
import { meganShard, MEGAN_UPN } from "../fixtures/northwind";
import { mailbox } from "../fixtures/shards";

const FINANCE = { address: "finance@northwind.example", displayName: "Finance" };
const MEGAN_MAIL = "megan.bowen@northwind.example";

/** Megan's shard: Send on Behalf of Finance (so the pane names her in what recipients see). */
const shard = meganShard({
  mailboxes: [
    mailbox({
      address: FINANCE.address,
      displayName: FINANCE.displayName,
      rights: ["SendOnBehalf", "FullAccess"],
    }),
    mailbox({ address: "hr@northwind.example", displayName: "Human Resources", rights: [] }),
  ],
});

/** Loads the simulated Office for `scenario` (office-sim reads window.__sendFromSim at load). */
function simulatedOffice(scenario: Scenario) {
  window.__sendFromSim = scenario;
  jest.isolateModules(() => {
    require("../../dev/playground/office-sim");
  });
}

/** The pane's host built from Office's answers the way src/taskpane/index.tsx builds it. */
function hostFor(
  identity: OfficeIdentity,
  state: DirectoryState,
  outlookFrom = async () => (await getFrom())?.address ?? null
): PaneHost {
  const person = panePerson(identity);
  return {
    user: person.delegate().user,
    identify: person.identify,
    readFrom: async () => {
      const address = person.from(await outlookFrom());
      return address ? { address, displayName: "" } : null;
    },
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: { cached: async () => null, refresh: async () => state },
    now: () => new Date("2026-11-22T12:00:00Z"),
  };
}

const ready = (): DirectoryState => ({
  status: "ready",
  shard,
  notes: [],
  fetchedAt: "2026-11-22T09:00:00Z",
});

async function officeIdentity(): Promise<OfficeIdentity> {
  const [signedIn, owner] = await Promise.all([officeSignedIn(), itemOwner()]);
  return { profile: userProfile(), signedIn, owner };
}

afterEach(() => {
  delete window.__sendFromSim;
  delete (window as unknown as { Office?: unknown }).Office;
});

describe("Open another mailbox with a UPN that is not the mail address", () => {
  it("names the person by the shard's mail address, not the UPN, and shows her rights on the opened mailbox", async () => {
    simulatedOffice({
      ...defaultScenario(MEGAN),
      requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
      openedMailbox: FINANCE,
    });
    const identity = await officeIdentity();
    // What Office says: userProfile is Finance, the auth context is Megan's UPN.
    expect(identity.profile.address).toBe(FINANCE.address);
    expect(identity.signedIn?.upn).toBe(toSmtpAddress(MEGAN_UPN));

    await act(async () => {
      render(<Pane host={hostFor(identity, ready())} messages={en} />);
    });
    const from = screen.getByTestId("outlook-from");
    await waitFor(() => expect(from.getAttribute("data-from-status")).toBe("permitted"));
    expect(within(from).getByText(FINANCE.displayName)).toBeTruthy();

    await userEvent.setup().click(await screen.findByRole("option", { name: /Finance/ }));
    const details = screen.getByTestId("mailbox-details");
    // Recipients see Megan (her mail address, the delegate) on behalf of Finance: not the UPN.
    expect(details.textContent).toContain(`"${MEGAN_MAIL} on behalf of Finance"`);
    expect(details.textContent).not.toContain(MEGAN_UPN);
  });
});

describe("no owner evidence (getSharedPropertiesAsync not offered): the shard's addresses decide", () => {
  // Office says only: userProfile Finance, signed in as Megan's UPN. That alone is no evidence
  // (UPN and mail are separate attributes), so at start Finance stands as the user; Megan's
  // shard, whose addresses do not include Finance, shows Finance is a mailbox she opened.
  const identity: OfficeIdentity = {
    profile: { address: toSmtpAddress(FINANCE.address), displayName: FINANCE.displayName },
    signedIn: { upn: toSmtpAddress(MEGAN_UPN), objectId: "0b9f7c7e-0000-4000-8000-000000000002" },
    owner: null,
  };

  it.each([
    [FINANCE.address, "permitted"],
    ["hr@northwind.example", "notPermitted"],
    [MEGAN_MAIL, "own"],
  ])("From %s is judged as Megan's (%s), not as Finance's own", async (address, status) => {
    const host = hostFor(identity, ready(), async () => toSmtpAddress(address));
    await act(async () => {
      render(<Pane host={host} messages={en} />);
    });
    await waitFor(() =>
      expect(screen.getByTestId("outlook-from").getAttribute("data-from-status")).toBe(status)
    );
  });
});

describe("a new message in the mailbox opened (getSharedPropertiesAsync fails, office-js #6877)", () => {
  const HR = { address: "hr@northwind.example", displayName: "Human Resources" };

  it("the pane asks the directory for Megan's list, never HR's, and judges From HR as hers: not permitted", async () => {
    simulatedOffice({
      ...defaultScenario(MEGAN),
      requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
      openedMailbox: HR,
    });
    // As src/taskpane/index.tsx reads Office: the owner could not be named.
    const [signedIn, { owner, unknown }] = await Promise.all([officeSignedIn(), readItemOwner()]);
    expect(unknown).toBe(true);
    const identity: OfficeIdentity = {
      profile: userProfile(),
      signedIn,
      owner,
      ownerUnknown: unknown,
    };
    expect(identity.profile.address).toBe(HR.address);
    // The directory key at start (index.tsx's directoryOptions.user): her sign-in name standing
    // in, not the mailbox opened, whose list is not hers.
    const delegate = panePerson(identity).delegate();
    expect(delegate.user.address).toBe(toSmtpAddress(MEGAN_UPN));
    expect(delegate.addressUnknown).toBe(true);

    await act(async () => {
      render(<Pane host={hostFor(identity, ready())} messages={en} />);
    });
    const from = screen.getByTestId("outlook-from");
    await waitFor(() => expect(from.getAttribute("data-from-status")).toBe("notPermitted"));
    expect(within(from).getByText(HR.displayName)).toBeTruthy();
  });

  it("the same draft saved and opened again: Office names HR as the owner, and the verdict is the same", async () => {
    simulatedOffice({
      ...defaultScenario(MEGAN),
      requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
      openedMailbox: HR,
      reopenedDraft: true,
    });
    const identity = await officeIdentity();
    expect(identity.owner).toBe(HR.address);
    await act(async () => {
      render(<Pane host={hostFor(identity, ready())} messages={en} />);
    });
    await waitFor(() =>
      expect(screen.getByTestId("outlook-from").getAttribute("data-from-status")).toBe(
        "notPermitted"
      )
    );
  });
});
