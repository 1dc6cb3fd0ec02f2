import type { IPublicClientApplication } from "@azure/msal-browser";
import { GRAPH_SCOPES } from "../../../src/graph/auth/registration";
import { dialogMsalConfiguration, runAuthDialog } from "../../../src/graph/auth/dialog";
import { OfficeCallError } from "../../../src/office/async";
import { DialogUnavailableError, messageParent, openDialog } from "../../../src/office/dialog";

const msalError = (errorCode: string) =>
  Object.assign(new Error(errorCode), { errorCode, name: "AuthError" });

describe("the sign-in dialog page", () => {
  const alex = { username: "Alex.Wilber@northwind.example", homeAccountId: "a" };
  const lee = { username: "lee.gu@northwind.example", homeAccountId: "l" };

  function dialogPca(
    over: Partial<
      Record<"handleRedirectPromise" | "acquireTokenSilent" | "acquireTokenRedirect", jest.Mock>
    > & { accounts?: unknown[] } = {}
  ) {
    const mocks = {
      handleRedirectPromise: over.handleRedirectPromise ?? jest.fn(async () => null),
      acquireTokenSilent: over.acquireTokenSilent ?? jest.fn(async () => ({ accessToken: "s" })),
      acquireTokenRedirect: over.acquireTokenRedirect ?? jest.fn(async () => undefined),
    };
    const pca = { ...mocks, getAllAccounts: () => over.accounts ?? [] };
    return { pca: pca as unknown as IPublicClientApplication, ...mocks };
  }

  async function run(pca: IPublicClientApplication, search = "") {
    const sent: unknown[] = [];
    await runAuthDialog({ pca, search, messageParent: (m) => sent.push(JSON.parse(m)) });
    return sent;
  }

  it("configures a standard application that redirects back to this page and handles claims", () => {
    expect(
      dialogMsalConfiguration(
        { clientId: "c", authority: "https://login.microsoftonline.com/t" },
        { origin: "https://sendfrom.example.org", pathname: "/auth-dialog.html" }
      )
    ).toEqual({
      auth: {
        clientId: "c",
        authority: "https://login.microsoftonline.com/t",
        redirectUri: "https://sendfrom.example.org/auth-dialog.html",
        clientCapabilities: ["CP1"],
      },
      cache: { cacheLocation: "localStorage" },
    });
  });

  it("coming back from sign-in, sends the token to the pane", async () => {
    const expiresOn = new Date("2026-11-22T12:00:00Z");
    const f = dialogPca({
      handleRedirectPromise: jest.fn(async () => ({ accessToken: "t", expiresOn })),
    });
    expect(await run(f.pca)).toEqual([
      { status: "success", accessToken: "t", expiresOn: expiresOn.getTime() },
    ]);
    expect(f.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it("says which account signed in, so the pane can refuse another person's token", async () => {
    const f = dialogPca({
      handleRedirectPromise: jest.fn(async () => ({
        accessToken: "t",
        expiresOn: new Date("2026-11-22T12:00:00Z"),
        account: lee,
      })),
    });
    expect(await run(f.pca, "?loginHint=alex.wilber%40northwind.example")).toEqual([
      expect.objectContaining({ status: "success", account: "lee.gu@northwind.example" }),
    ]);
  });

  it("with the hinted account already signed in, answers silently", async () => {
    const f = dialogPca({ accounts: [lee, alex] });
    const sent = await run(f.pca, "?loginHint=alex.wilber%40northwind.example");
    expect(sent).toEqual([expect.objectContaining({ status: "success", accessToken: "s" })]);
    expect(f.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [...GRAPH_SCOPES], account: alex });
  });

  it("matches the hint to the token's account by the one address rule (trim, lower-case)", async () => {
    const f = dialogPca({ accounts: [lee, alex] });
    const sent = await run(f.pca, "?loginHint=%20ALEX.WILBER%40Northwind.example%20");
    expect(sent).toEqual([expect.objectContaining({ status: "success", accessToken: "s" })]);
    expect(f.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [...GRAPH_SCOPES], account: alex });
  });

  it("otherwise starts the redirect sign-in with the scopes, the claims and the hint", async () => {
    const f = dialogPca({ accounts: [lee] });
    await run(
      f.pca,
      `?claims=${encodeURIComponent('{"a":1}')}&loginHint=alex.wilber%40northwind.example`
    );
    expect(f.acquireTokenSilent).not.toHaveBeenCalled();
    expect(f.acquireTokenRedirect).toHaveBeenCalledWith({
      scopes: [...GRAPH_SCOPES],
      claims: '{"a":1}',
      loginHint: "alex.wilber@northwind.example",
      prompt: undefined,
    });
    const bare = dialogPca();
    await run(bare.pca);
    expect(bare.acquireTokenRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ prompt: "select_account" })
    );
  });

  it("no hint and several accounts in the dialog's cache: none is taken silently, the person picks (MSAL #7356)", async () => {
    const several = dialogPca({ accounts: [lee, alex] });
    await run(several.pca);
    expect(several.acquireTokenSilent).not.toHaveBeenCalled();
    expect(several.acquireTokenRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ prompt: "select_account" })
    );
    // A single account is the only one this browser signed in: taken silently.
    const one = dialogPca({ accounts: [alex] });
    await run(one.pca);
    expect(one.acquireTokenSilent).toHaveBeenCalledWith(expect.objectContaining({ account: alex }));
  });

  it("with claims to satisfy, does not answer from the cache", async () => {
    const f = dialogPca({ accounts: [alex] });
    await run(f.pca, "?claims=x");
    expect(f.acquireTokenSilent).not.toHaveBeenCalled();
    expect(f.acquireTokenRedirect).toHaveBeenCalled();
  });

  it("reports failures as a typed error", async () => {
    const f = dialogPca({
      handleRedirectPromise: jest.fn(async () => Promise.reject(msalError("user_cancelled"))),
    });
    expect(await run(f.pca)).toEqual([
      { status: "error", kind: "cancelled", code: "user_cancelled", message: "user_cancelled" },
    ]);
  });
});

describe("Office dialog wrappers", () => {
  type Handler = (arg: unknown) => void;
  interface FakeDialog {
    handlers: Map<string, Handler>;
    closed: number;
  }

  function installOffice(open: "ok" | { code: number; message: string } | "none" = "ok") {
    const dialog: FakeDialog = { handlers: new Map(), closed: 0 };
    const calls: { url: string; options: unknown }[] = [];
    const parentMessages: string[] = [];
    const ui =
      open === "none"
        ? undefined
        : {
            displayDialogAsync: (url: string, options: unknown, cb: (r: unknown) => void) => {
              calls.push({ url, options });
              cb(
                open === "ok"
                  ? {
                      status: "succeeded",
                      value: {
                        addEventHandler: (type: string, h: Handler) => dialog.handlers.set(type, h),
                        close: () => dialog.closed++,
                      },
                    }
                  : { status: "failed", error: open }
              );
            },
            messageParent: (m: string) => parentMessages.push(m),
          };
    (globalThis as unknown as { Office: unknown }).Office = {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      EventType: {
        DialogMessageReceived: "dialogMessageReceived",
        DialogEventReceived: "dialogEventReceived",
      },
      context: { ui },
    };
    return { dialog, calls, parentMessages };
  }

  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });

  const URL_ = "https://sendfrom.example.org/auth-dialog.html?loginHint=x";

  it("resolves with the page's first message and closes the dialog", async () => {
    const { dialog, calls } = installOffice();
    const opened = openDialog(URL_);
    // Office on the web keeps its "allow this window?" prompt: no promptBeforeOpen: false.
    expect(calls).toEqual([{ url: URL_, options: { height: 60, width: 30 } }]);
    dialog.handlers.get("dialogMessageReceived")!({
      message: "hello",
      origin: "https://sendfrom.example.org",
    });
    await expect(opened).resolves.toBe("hello");
    expect(dialog.closed).toBe(1);
  });

  it("ignores messages from another origin", async () => {
    const { dialog } = installOffice();
    const opened = openDialog(URL_);
    dialog.handlers.get("dialogMessageReceived")!({
      message: "evil",
      origin: "https://evil.example",
    });
    dialog.handlers.get("dialogMessageReceived")!({ message: "ours" }); // DialogApi 1.1: no origin
    await expect(opened).resolves.toBe("ours");
  });

  it("rejects with Office's code when the user closes it (12006)", async () => {
    const { dialog } = installOffice();
    const opened = openDialog(URL_);
    dialog.handlers.get("dialogEventReceived")!({ error: 12006 });
    const error = await opened.catch((e) => e);
    expect(error).toBeInstanceOf(OfficeCallError);
    expect(error.code).toBe(12006);
  });

  it("rejects with Office's code when the dialog cannot open (12007: one is already open)", async () => {
    installOffice({ code: 12007, message: "A dialog box is already opened" });
    await expect(openDialog(URL_)).rejects.toMatchObject({
      name: "OfficeCallError",
      code: 12007,
    });
  });

  it("rejects with DialogUnavailableError where the host has no dialog API", async () => {
    installOffice("none");
    await expect(openDialog(URL_)).rejects.toBeInstanceOf(DialogUnavailableError);
    expect(() => messageParent("x")).toThrow(DialogUnavailableError);
  });

  it("messageParent hands the message to Office", () => {
    const { parentMessages } = installOffice();
    messageParent('{"status":"success"}');
    expect(parentMessages).toEqual(['{"status":"success"}']);
  });
});
