import { readAccessToken } from "../../../src/graph/auth/token-claims";
import { issueTestToken } from "../../../dev/graph-emulator";

const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const jwt = (payload: unknown) =>
  `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}.c2ln`;

describe("what an access token says about itself (graph/auth/token-claims)", () => {
  it("a v2.0 token: scopes, object id and tenant lower case, preferred_username, display name", () => {
    const token = issueTestToken({
      preferred_username: "Alex.Wilber@northwind.example",
      name: "Alex Wilber",
      oid: "5E3C1A7B-2F4D-4C8E-9B1A-0D2E3F4A5B61",
      tid: "7F4E2C1A-0D5B-4C3E-9A8F-2B6D1E0C9A55",
      scopes: ["Mail.Send", "Mail.Send.Shared"],
    });
    expect(readAccessToken(token)).toEqual({
      scopes: ["Mail.Send", "Mail.Send.Shared"],
      objectId: "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61",
      tenantId: "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55",
      username: "Alex.Wilber@northwind.example",
      name: "Alex Wilber",
    });
  });

  it("a v1.0 token (Graph's): the sign-in name from upn, else unique_name; non-ASCII text intact", () => {
    expect(
      readAccessToken(jwt({ upn: "j.weiss@contoso.onmicrosoft.com", scp: "Mail.Send  User.Read" }))
    ).toMatchObject({
      username: "j.weiss@contoso.onmicrosoft.com",
      scopes: ["Mail.Send", "User.Read"],
    });
    expect(readAccessToken(jwt({ unique_name: "jürgen@contoso.example" }))).toMatchObject({
      username: "jürgen@contoso.example",
      scopes: null,
      objectId: null,
      tenantId: null,
      name: null,
    });
  });

  it("an opaque or damaged token tells nothing (null), whatever its shape", () => {
    for (const token of [
      "",
      "EwBwA8l6BAAU-opaque-personal-account-token",
      "a.b",
      "a..c",
      `x.${b64url("not json")}.y`,
      `x.${b64url("[1,2]")}.y`,
      "x.%%%.y",
    ])
      expect(readAccessToken(token)).toBeNull();
  });
});
