import { claimsFromWwwAuthenticate, tokenForChallenge } from "../../../src/graph/auth/claims";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const ACRS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

describe("claimsFromWwwAuthenticate", () => {
  it("reads the claims of Entra's insufficient_claims challenge", () => {
    // The example in learn.microsoft.com/entra/identity-platform/claims-challenge.
    const header =
      'Bearer authorization_uri="https://login.windows.net/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="';
    expect(JSON.parse(claimsFromWwwAuthenticate(header)!)).toEqual({
      access_token: { nbf: { essential: true, value: "1604106651" } },
    });
  });

  it("reads Graph's form, with realm and client_id before the claims", () => {
    const header = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${b64(ACRS)}"`;
    expect(claimsFromWwwAuthenticate(header)).toBe(ACRS);
  });

  it("accepts base64url without padding, unquoted values, any case, and UTF-8 text", () => {
    const claims = '{"access_token":{"acrs":{"values":["c1"]},"note":"café"}}';
    expect(claimsFromWwwAuthenticate(`bearer CLAIMS=${b64url(claims)}`)).toBe(claims);
  });

  it("takes the Bearer challenge among several, and honours quoted commas and escapes", () => {
    const header = `PoP nonce="a,b", claims="${b64('{"other":1}')}", Bearer realm="x\\"y, z", claims="${b64(ACRS)}"`;
    expect(claimsFromWwwAuthenticate(header)).toBe(ACRS);
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["a challenge without claims", 'Bearer realm="", error="invalid_token"'],
    ["claims that are not base64", 'Bearer claims="not base64!"'],
    ["claims that are not JSON", `Bearer claims="${b64("hello")}"`],
    ["claims that are a JSON array", `Bearer claims="${b64("[1]")}"`],
    [
      "claims that are not UTF-8",
      `Bearer claims="${Buffer.from([0xff, 0xfe]).toString("base64")}"`,
    ],
    ["claims in another scheme only", `PoP claims="${b64(ACRS)}"`],
  ])("is null for %s", (_what, header) => {
    expect(claimsFromWwwAuthenticate(header)).toBeNull();
  });
});

describe("tokenForChallenge", () => {
  it("asks for a token with the challenge's claims", async () => {
    const getToken = jest.fn(async () => "renewed");
    const header = `Bearer error="insufficient_claims", claims="${b64(ACRS)}"`;
    expect(await tokenForChallenge({ getToken }, header)).toBe("renewed");
    expect(getToken).toHaveBeenCalledWith({ claims: ACRS });
  });

  it("forces a refresh when the 401 carries no claims (an expired or revoked token)", async () => {
    const getToken = jest.fn(async () => "refreshed");
    expect(await tokenForChallenge({ getToken }, 'Bearer error="invalid_token"')).toBe("refreshed");
    expect(await tokenForChallenge({ getToken }, null)).toBe("refreshed");
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: true }], [{ forceRefresh: true }]]);
  });

  it("lets a sign-in failure through to the caller", async () => {
    const failure = new Error("cancelled");
    await expect(
      tokenForChallenge({ getToken: async () => Promise.reject(failure) }, null)
    ).rejects.toBe(failure);
  });
});
