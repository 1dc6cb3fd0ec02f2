import { toSmtpAddress } from "../../../src/core/address";
import { OfficeMockObject } from "office-addin-mock";
import { callAsync, OfficeCallError } from "../../../src/office/async";
import { diagnostics } from "../../../src/core/diagnostics";
import {
  getFrom,
  officeThemeIsDark,
  onOfficeThemeChanged,
  userProfile,
} from "../../../src/office/mailbox";
import { roamingPreferences } from "../../../src/office/roaming";

type Result = { status: string; value?: unknown; error?: { code: number; message: string } };
const ok = (value: unknown): Result => ({ status: "succeeded", value });
const failed = (code: number, message: string): Result => ({
  status: "failed",
  error: { code, message },
});

function installOffice(seed: Record<string, unknown>) {
  const mock = new OfficeMockObject(
    { AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" }, ...seed },
    // office-addin-manifest's OfficeApp.Outlook; the mock needs it for Outlook's load semantics.
    "outlook" as never
  );
  (globalThis as unknown as { Office: unknown }).Office = mock;
  return mock;
}

afterEach(() => {
  delete (globalThis as unknown as { Office?: unknown }).Office;
});

describe("callAsync", () => {
  it("resolves with the value and rejects with Office's error code", async () => {
    installOffice({});
    await expect(
      callAsync<number>((cb) => cb(ok(7) as unknown as Office.AsyncResult<number>))
    ).resolves.toBe(7);
    const err = await callAsync((cb) =>
      cb(failed(9021, "Connection error") as unknown as Office.AsyncResult<void>)
    ).catch((e) => e);
    expect(err).toBeInstanceOf(OfficeCallError);
    expect(err).toMatchObject({ code: 9021, message: "Connection error" });
  });

  it("turns a synchronous throw into a rejection", async () => {
    installOffice({});
    await expect(
      callAsync(() => {
        throw new Error("boom");
      })
    ).rejects.toThrow("boom");
  });
});

describe("mailbox wrappers", () => {
  it("lower-cases the user's address and reads From without trusting its display name", async () => {
    installOffice({
      context: {
        mailbox: {
          userProfile: {
            emailAddress: "Alex.Wilber@Northwind.Example",
            displayName: "Alex Wilber",
          },
          item: {
            from: {
              getAsync: (cb: (r: Result) => void) =>
                cb(ok({ emailAddress: "Support@Northwind.Example", displayName: "Alex Wilber" })),
            },
          },
        },
      },
    });
    expect(userProfile()).toEqual({
      address: "alex.wilber@northwind.example",
      displayName: "Alex Wilber",
    });
    expect(await getFrom()).toEqual({
      address: "support@northwind.example",
      displayName: "Alex Wilber",
    });
  });

  it("returns null from getFrom where the host has no From (Mailbox < 1.7 or read mode)", async () => {
    installOffice({
      context: {
        mailbox: {
          userProfile: { emailAddress: "a@b.example", displayName: "A" },
          item: { subject: "x" },
        },
      },
    });
    expect(await getFrom()).toBeNull();
  });

  it("reads Office's theme", () => {
    installOffice({ context: { officeTheme: { bodyBackgroundColor: "#1f1f1f" } } });
    expect(officeThemeIsDark()).toBe(true);
    installOffice({ context: { officeTheme: { bodyBackgroundColor: "#ffffff" } } });
    expect(officeThemeIsDark()).toBe(false);
    installOffice({ context: {} });
    expect(officeThemeIsDark()).toBeUndefined();
  });
});

describe("Outlook's theme-change event", () => {
  /** Office with OfficeThemeChanged from Mailbox 1.14 on, its theme still light in context. */
  function officeWithThemeEvent(mailboxVersion: string, registration: Result = ok(undefined)) {
    const handlers: ((event: unknown) => void)[] = [];
    const addHandlerAsync = jest.fn(
      (type: string, handler: (event: unknown) => void, callback: (r: Result) => void) => {
        if (type === "officeThemeChanged" && registration.status === "succeeded")
          handlers.push(handler);
        setTimeout(() => callback(registration), 0);
      }
    );
    (globalThis as unknown as { Office: unknown }).Office = {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      EventType: { OfficeThemeChanged: "officeThemeChanged" },
      context: {
        officeTheme: { bodyBackgroundColor: "#FFFFFF" },
        requirements: {
          isSetSupported: (name: string, version: string) =>
            name === "Mailbox" &&
            Number(mailboxVersion.split(".")[1]) >= Number(version.split(".")[1]),
        },
        mailbox: { addHandlerAsync },
      },
    };
    const fire = (bodyBackgroundColor: string) =>
      handlers.forEach((h) =>
        h({ type: "officeThemeChanged", officeTheme: { bodyBackgroundColor } })
      );
    return { addHandlerAsync, fire };
  }

  it("tells the theme the event carries, not the stale Office.context.officeTheme (office-js #6348)", () => {
    const office = officeWithThemeEvent("1.14");
    const seen: (boolean | undefined)[] = [];
    onOfficeThemeChanged((dark) => seen.push(dark));
    office.fire("#1F1F1F");
    office.fire("#FFFFFF");
    office.fire("not a colour");
    expect(seen).toEqual([true, false, undefined]);
  });

  it("does not register below Mailbox 1.14, where Outlook has no such event", () => {
    const office = officeWithThemeEvent("1.13");
    onOfficeThemeChanged(() => undefined);
    expect(office.addHandlerAsync).not.toHaveBeenCalled();
  });

  it("records a refused registration in the diagnostics instead of failing the pane", async () => {
    diagnostics.clear();
    officeWithThemeEvent("1.14", failed(5000, "The event is not supported."));
    expect(() => onOfficeThemeChanged(() => undefined)).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
    expect(diagnostics.entries().map((e) => `${e.area}.${e.event}`)).toEqual([
      "office.themeChangedHandler",
    ]);
  });
});

describe("roaming preferences", () => {
  it("saves favourites and recents and reads them back, ignoring junk", async () => {
    const store: Record<string, unknown> = {
      preferences: { favourites: ["X@n.example", 5], recent: "junk" },
    };
    const saveAsync = jest.fn((cb: (r: Result) => void) => cb(ok(undefined)));
    installOffice({
      context: {
        roamingSettings: {
          get: (k: string) => store[k],
          set: (k: string, v: unknown) => (store[k] = v),
          saveAsync,
        },
      },
    });
    const prefs = roamingPreferences();
    expect(prefs.load()).toEqual({ favourites: ["x@n.example"], recent: [] });
    await prefs.save({
      favourites: [toSmtpAddress("a@n.example")],
      recent: [toSmtpAddress("b@n.example")],
    });
    expect(store.preferences).toEqual({ favourites: ["a@n.example"], recent: ["b@n.example"] });
    expect(saveAsync).toHaveBeenCalledTimes(1);
  });

  it("reports a failed save (e.g. over the 32 KB limit)", async () => {
    installOffice({
      context: {
        roamingSettings: {
          get: () => undefined,
          set: () => undefined,
          saveAsync: (cb: (r: Result) => void) => cb(failed(9057, "too big")),
        },
      },
    });
    await expect(roamingPreferences().save({ favourites: [], recent: [] })).rejects.toMatchObject({
      code: 9057,
    });
  });
});
