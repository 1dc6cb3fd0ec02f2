import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import { toDigest } from "../../../src/core/digest";
import type { Notification } from "../../../src/core/events";
import type { DirectoryState } from "../../../src/directory/client";
import {
  DECISION_DEADLINE_MS,
  HandlerDeps,
  onMessageFromChanged,
  onMessageSend,
  onNewMessageCompose,
} from "../../../src/events/handlers";
import { alexShard } from "../../fixtures/northwind";
import { delegateOf, readFromAs } from "../../../src/core/identity";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const USER = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const ready: DirectoryState = {
  status: "ready",
  shard: alexShard(),
  notes: [],
  fetchedAt: "2026-11-22T09:00:00Z",
};
const cachedState: DirectoryState = {
  status: "cached",
  shard: alexShard(),
  notes: [],
  fetchedAt: "2026-11-22T09:00:00Z",
};

function fake(
  overrides: Partial<HandlerDeps> & {
    from?: string | null;
    cached?: DirectoryState | null;
    refreshed?: DirectoryState;
    roaming?: unknown;
  } = {}
) {
  const calls = {
    refresh: [] as number[],
    notified: [] as Notification[][],
    digests: [] as unknown[],
  };
  const {
    from: _from,
    cached: _cached,
    refreshed: _refreshed,
    roaming: _roaming,
    ...rest
  } = overrides;
  void [_from, _cached, _refreshed, _roaming];
  const deps: HandlerDeps = {
    user: () => USER,
    readFrom: async () =>
      overrides.from === undefined
        ? USER.address
        : overrides.from === null
          ? null
          : toSmtpAddress(overrides.from),
    messages: () => en,
    directory: {
      cached: async () => overrides.cached ?? null,
      refresh: async (timeoutMs) => {
        calls.refresh.push(timeoutMs);
        return (
          overrides.refreshed ?? {
            status: "failed",
            failure: { kind: "unreachable", detail: "timed out" },
          }
        );
      },
    },
    digest: { read: () => overrides.roaming, write: async (d) => void calls.digests.push(d) },
    notify: async (wanted) => void calls.notified.push(wanted),
    supportsMarkdown: () => true,
    settings: { failClosed: false },
    ...rest,
  };
  return { deps, calls };
}

function event() {
  const completions: (Record<string, unknown> | undefined)[] = [];
  return {
    completions,
    completed: (options?: Record<string, unknown>) => void completions.push(options),
  };
}

describe("OnMessageSend with From inferred from the item's owner (office-js #1832)", () => {
  // Classic Outlook: Alex (Full Access only on HR) replies inside HR's mailbox. from.getAsync gives
  // his own address both when Outlook's From is HR (the quirk) and when he chose his own address.
  const HR = toSmtpAddress("hr@northwind.example");
  const delegate = delegateOf({ profile: USER, signedIn: null, owner: HR });
  const inferred = async () => readFromAs(USER.address, delegate, HR);

  it("warns with Send Anyway (sendModeOverride promptUser) where Outlook offers it, never blocks", async () => {
    const { deps } = fake({
      readFrom: inferred,
      cached: cachedState,
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toHaveLength(1);
    expect(e.completions[0]).toMatchObject({
      allowEvent: false,
      sendModeOverride: "promptUser",
      commandId: "msgComposeOpenPaneButton",
    });
    expect(String(e.completions[0]?.errorMessage)).toContain("hr@northwind.example");
    expect(String(e.completions[0]?.errorMessage)).toContain("Send Anyway");
    expect(String(e.completions[0]?.errorMessage).length).toBeLessThanOrEqual(500);
  });

  it("allows the send where Outlook cannot offer Send Anyway (below Mailbox 1.14)", async () => {
    for (const supportsPromptOverride of [undefined, () => false]) {
      const { deps } = fake({ readFrom: inferred, cached: cachedState, supportsPromptOverride });
      const e = event();
      await onMessageSend(deps, e);
      expect(e.completions).toEqual([{ allowEvent: true }]);
    }
  });

  it("fails closed only softly: with the directory unavailable the inferred From is a warning", async () => {
    const { deps } = fake({
      readFrom: inferred,
      settings: { failClosed: true },
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
  });

  it("a From read as the mailbox itself still blocks (no Send Anyway)", async () => {
    const { deps } = fake({
      readFrom: async () => readFromAs(HR, delegate, HR),
      cached: cachedState,
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({ allowEvent: false });
    expect(e.completions[0]).not.toHaveProperty("sendModeOverride");
  });

  it("an inferred From the user may send from is allowed as before", async () => {
    const SUPPORT = toSmtpAddress("support@northwind.example");
    const d = delegateOf({ profile: USER, signedIn: null, owner: SUPPORT });
    const { deps } = fake({
      readFrom: async () => readFromAs(USER.address, d, SUPPORT),
      cached: cachedState,
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
  });
});

describe("OnMessageSend", () => {
  it("allows a permitted mailbox from the cache without asking the directory", async () => {
    const { deps, calls } = fake({ from: "support@northwind.example", cached: cachedState });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(calls.refresh).toEqual([]);
  });

  it("blocks Full Access only, with the pane button and Markdown where supported", async () => {
    const { deps } = fake({ from: "hr@northwind.example", cached: cachedState });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({
      allowEvent: false,
      commandId: "msgComposeOpenPaneButton",
      cancelLabel: "Pick a mailbox",
    });
    expect(e.completions[0]?.errorMessageMarkdown).toContain("**Human Resources**");
  });

  it("leaves Markdown out where the client lacks Mailbox 1.15", async () => {
    const { deps } = fake({
      from: "hr@northwind.example",
      cached: cachedState,
      supportsMarkdown: () => false,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).not.toHaveProperty("errorMessageMarkdown");
    expect(e.completions[0]?.errorMessage).toContain("Human Resources");
  });

  it("with nothing cached, asks the directory with a 3-second limit and keeps a digest", async () => {
    const { deps, calls } = fake({ from: "finance@northwind.example", refreshed: ready });
    const e = event();
    await onMessageSend(deps, e);
    expect(calls.refresh).toEqual([DECISION_DEADLINE_MS]);
    expect(DECISION_DEADLINE_MS).toBeLessThan(5000);
    expect(e.completions[0]).toMatchObject({ allowEvent: false });
    expect(calls.digests).toEqual([toDigest(alexShard())]);
  });

  it("falls back to the roaming digest when the directory can't be reached", async () => {
    const { deps } = fake({ from: "hr@northwind.example", roaming: toDigest(alexShard()) });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({ allowEvent: false });
  });

  it("fails open when the directory is down and nothing is cached", async () => {
    const { deps } = fake({ from: "finance@northwind.example" });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
  });

  it("fails closed when built to, except for the user's own address", async () => {
    const closed = { failClosed: true };
    const blocked = event();
    await onMessageSend(
      fake({ from: "finance@northwind.example", settings: closed }).deps,
      blocked
    );
    expect(blocked.completions[0]).toMatchObject({ allowEvent: false });
    const own = event();
    await onMessageSend(fake({ from: USER.address, settings: closed }).deps, own);
    expect(own.completions).toEqual([{ allowEvent: true }]);
  });

  it("allows when Outlook can't say who the sender is, or when reading it fails", async () => {
    const unknown = event();
    await onMessageSend(fake({ from: null }).deps, unknown);
    expect(unknown.completions).toEqual([{ allowEvent: true }]);
    const failing = event();
    await onMessageSend(
      fake({ readFrom: async () => Promise.reject(new Error("5001")) }).deps,
      failing
    );
    expect(failing.completions).toEqual([{ allowEvent: true }]);
  });

  it("a digest of another user (a shared roaming store) is not used", async () => {
    const other = toDigest(alexShard({ user: toSmtpAddress("megan.bowen@northwind.example") }));
    const e = event();
    await onMessageSend(fake({ from: "hr@northwind.example", roaming: other }).deps, e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
  });
});

describe("OnMessageFromChanged and OnNewMessageCompose", () => {
  it("show where the copy lands and how recipients see it, from the cache", async () => {
    const { deps, calls } = fake({ from: "sales.eu@northwind.example", cached: cachedState });
    const e = event();
    await onMessageFromChanged(deps, e);
    expect(calls.notified).toHaveLength(1);
    expect(calls.notified[0].map((n) => n.key)).toEqual(["sendFromRecipients", "sendFromCopy"]);
    expect(e.completions).toEqual([undefined]);
    expect(calls.refresh).toEqual([]);
  });

  it("clear our notifications for the user's own address", async () => {
    const { deps, calls } = fake({ cached: cachedState });
    await onMessageFromChanged(deps, event());
    expect(calls.notified).toEqual([[]]);
  });

  it("a new message refreshes the directory first, then advises", async () => {
    const { deps, calls } = fake({
      from: "hr@northwind.example",
      refreshed: ready,
      cached: cachedState,
    });
    const e = event();
    await onNewMessageCompose(deps, e);
    expect(calls.refresh).toEqual([DECISION_DEADLINE_MS]);
    expect(calls.notified[0]).toEqual([
      expect.objectContaining({ type: "errorMessage", key: "sendFromDenied" }),
    ]);
    expect(e.completions).toHaveLength(1);
  });

  it("the directory unreachable and nothing cached: says it can't tell, blocks nothing; a known answer later clears it", async () => {
    const { deps, calls } = fake({ from: "hr@northwind.example" });
    const e = event();
    await onMessageFromChanged(deps, e);
    expect(calls.notified[0]).toEqual([
      {
        key: "sendFromUnchecked",
        type: "informationalMessage",
        message: expect.stringContaining(
          "can't tell now whether you may send from hr@northwind.example"
        ),
      },
    ]);
    expect(e.completions).toEqual([undefined]);
    // From changed again, now with the directory cached: our keys, the "can't tell" one included,
    // are managed (cleared or replaced) by the new advice.
    const later = fake({ from: "sales.eu@northwind.example", cached: cachedState });
    const managed: string[][] = [];
    later.deps.notify = async (_, ours) => void managed.push([...ours]);
    await onMessageFromChanged(later.deps, event());
    expect(managed[0]).toContain("sendFromUnchecked");
  });

  it("always complete, even when showing a notification fails", async () => {
    const { deps } = fake({
      from: "hr@northwind.example",
      cached: cachedState,
      notify: async () => Promise.reject(new Error("9041")),
    });
    const e = event();
    await onMessageFromChanged(deps, e);
    expect(e.completions).toHaveLength(1);
  });
});

describe("Outlook's Send on a message the pane already sent (rev14c finding 1)", () => {
  it("warns with Send Anyway instead of sending a second copy, whatever From says", async () => {
    const { deps } = fake({
      alreadySent: async () => ({ mailbox: "Customer Support" }),
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toHaveLength(1);
    expect(e.completions[0]).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
    expect(e.completions[0]?.errorMessage).toBe(en.events.alreadySent("Customer Support"));
  });

  it("blocks where Outlook cannot offer Send Anyway (below Mailbox 1.14)", async () => {
    const { deps } = fake({ alreadySent: async () => ({ mailbox: "Customer Support" }) });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({ allowEvent: false });
    expect(e.completions[0]).not.toHaveProperty("sendModeOverride");
  });

  it("warns when the pane's send may have gone (its answer was lost), naming the mailbox (rev12 review 3)", async () => {
    const { deps } = fake({
      mayHaveBeenSent: async () => ({ mailbox: "Customer Support" }),
      supportsPromptOverride: () => true,
    });
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toHaveLength(1);
    expect(e.completions[0]).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
    expect(e.completions[0]?.errorMessage).toBe(en.events.mayHaveBeenSent("Customer Support"));
    // Below Mailbox 1.14: a block, no Send Anyway.
    const blocked = fake({ mayHaveBeenSent: async () => ({ mailbox: "Customer Support" }) });
    const e2 = event();
    await onMessageSend(blocked.deps, e2);
    expect(e2.completions[0]).toMatchObject({ allowEvent: false });
    expect(e2.completions[0]).not.toHaveProperty("sendModeOverride");
  });

  it("sends as before when no record is kept, or reading it fails", async () => {
    for (const alreadySent of [
      async () => null,
      () => Promise.reject(new Error("no sessionData")),
    ]) {
      const { deps } = fake({ alreadySent });
      const e = event();
      await onMessageSend(deps, e);
      expect(e.completions[0]).toMatchObject({ allowEvent: true });
    }
  });
});

describe("a long message: the stale-draft lookups read the whole body (rev12n finding 3)", () => {
  it("while they still run at the deadline, From has been checked meanwhile: a mailbox without the right is blocked, not let through", async () => {
    let deadline: () => void = () => undefined;
    const lookups: string[] = [];
    const held = (name: string) => () => (
      lookups.push(name),
      new Promise<{ mailbox: string } | null>(() => undefined)
    );
    const { deps } = fake({
      from: "hr@northwind.example",
      cached: cachedState,
      alreadySent: held("alreadySent"),
      mayHaveBeenSent: held("mayHaveBeenSent"),
      setTimer: (_ms, fire) => {
        deadline = fire;
        return () => (deadline = () => undefined);
      },
    });
    const e = event();
    const done = onMessageSend(deps, e);
    for (let i = 0; i < 100; i++) await Promise.resolve();
    // Both lookups started at once, and neither has answered.
    expect(lookups).toEqual(["alreadySent", "mayHaveBeenSent"]);
    expect(e.completions).toEqual([]);
    deadline();
    await done;
    expect(e.completions).toHaveLength(1);
    expect(e.completions[0]).toMatchObject({
      allowEvent: false,
      commandId: "msgComposeOpenPaneButton",
    });
    expect(String(e.completions[0]?.errorMessage)).toContain("Human Resources");
  });
});

describe("Office's account is another UPN than userProfile, nothing stored (public mode, issue 12)", () => {
  // Megan signs in as her UPN; userProfile is her mail address, so userProfile may be her own
  // mailbox or a shared one added as an account (office-js #5682). The file under userProfile
  // naming her as its user says it is hers (HandlerDeps.confirmProfile).
  const MEGAN = {
    address: toSmtpAddress("megan.bowen@northwind.example"),
    displayName: "Megan Bowen",
  };
  const UPN = toSmtpAddress("meganb@northwindtraders.onmicrosoft.com");

  /** The handlers' deps with the delegate uncertain until confirmProfile answers `confirmed`. */
  function megan(confirmed: Promise<boolean>) {
    let user: typeof MEGAN = { address: UPN, displayName: UPN };
    const asked: number[] = [];
    let deadline: () => void = () => undefined;
    const { deps, calls } = fake({
      user: () => user,
      readFrom: async () => ({ address: MEGAN.address, inferred: false, uncertain: "account" }),
      refreshed: { status: "notPublished", fetchedAt: "2026-11-30T09:00:00Z" },
      supportsPromptOverride: () => true,
      confirmProfile: async (timeoutMs) => {
        asked.push(timeoutMs);
        const yes = await confirmed;
        if (yes) user = MEGAN;
        return yes;
      },
      setTimer: (_ms, fire) => {
        deadline = fire;
        return () => (deadline = () => undefined);
      },
    });
    return { deps, calls, asked, fireDeadline: () => deadline() };
  }

  it("her file under userProfile names her: her own address is allowed, without asking for the file under her UPN", async () => {
    const { deps, calls, asked } = megan(Promise.resolve(true));
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(asked).toEqual([DECISION_DEADLINE_MS]);
    expect(calls.refresh).toEqual([]);
  });

  it("the request for that file is held: at the deadline the Smart Alert says it can't confirm the address is hers, with Send Anyway", async () => {
    const { deps, asked, fireDeadline } = megan(new Promise<boolean>(() => undefined));
    const e = event();
    const done = onMessageSend(deps, e);
    for (let i = 0; i < 100 && asked.length === 0; i++) await Promise.resolve();
    expect(asked).toHaveLength(1);
    expect(e.completions).toEqual([]);
    fireDeadline();
    await done;
    expect(e.completions).toEqual([
      expect.objectContaining({
        allowEvent: false,
        errorMessage: en.events.warnedAccountNotProfile(MEGAN.address, UPN),
        sendModeOverride: "promptUser",
      }),
    ]);
  });

  it("no file names her: the Smart Alert says it can't confirm, as before", async () => {
    const { deps } = megan(Promise.resolve(false));
    const e = event();
    await onMessageSend(deps, e);
    expect(e.completions[0]).toMatchObject({
      allowEvent: false,
      errorMessage: en.events.warnedAccountNotProfile(MEGAN.address, UPN),
    });
  });

  it('OnMessageFromChanged: her file names her, so no "can\'t tell" notice on her own address', async () => {
    const { deps, calls } = megan(Promise.resolve(true));
    await onMessageFromChanged(deps, event());
    expect(calls.notified).toEqual([[]]);
  });
});
