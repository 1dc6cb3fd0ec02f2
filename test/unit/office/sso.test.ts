import { officeSsoToken } from "../../../src/office/sso";

const g = globalThis as { OfficeRuntime?: unknown };
afterEach(() => delete g.OfficeRuntime);

it("asks Office single sign-on for the add-in's own API with no prompt (nobody answers one in a handler)", async () => {
  const getAccessToken = jest.fn(async () => "header.payload.sig");
  g.OfficeRuntime = { auth: { getAccessToken } };
  await expect(officeSsoToken()).resolves.toBe("header.payload.sig");
  expect(getAccessToken).toHaveBeenCalledWith({
    allowSignInPrompt: false,
    allowConsentPrompt: false,
    forMSGraphAccess: false,
  });
});

it("rejects where the runtime has no Office single sign-on, and passes Office's own errors on", async () => {
  await expect(officeSsoToken()).rejects.toThrow(/not available/);
  g.OfficeRuntime = { auth: { getAccessToken: () => Promise.reject({ code: 13001 }) } };
  await expect(officeSsoToken()).rejects.toEqual({ code: 13001 });
});
