import fc from "fast-check";
import {
  builtInNameDisagrees,
  builtInSidName,
  isBuiltInSid,
  isEveryone,
  isEveryoneName,
  plainTrustee,
} from "../../../src/admin/rules";

// The resolver skips the built-in and Everyone checks for a row plainTrustee passes: that is only
// right when every one of those checks would have said no for it.
const VALUES = [
  "chloe@contoso.example",
  "Chloé Martin",
  "jwei",
  "NT AUTHORITY\\SELF",
  "NT-AUTORITÄT\\SELBST",
  "CONTOSO\\Domain Users",
  "CONTOSO\\jwei",
  "Everyone",
  " everyone",
  "\\Everyone",
  "jeder",
  "Tout le monde",
  "S-1-5-21-1-2-3-500",
  "s-1-1-0",
  " S-1-5-10",
  "S-1-5-21-1-2-3-1104",
  "",
  " chloe@contoso.example",
];
const SIDS = [
  "",
  "S-1-5-21-1180699209-877415012-3182924384-1104",
  "s-1-5-21-1-2-3-1000",
  "S-1-5-21-1-2-3-999",
  "S-1-5-21-1-2-3-500",
  "S-1-5-21-1-2-3-01000",
  "S-1-5-21-1-2-3-0999",
  "S-1-5-21-1-2-1104",
  "S-1-5-21-1-2-3-4-1104",
  "S-1-5-10",
  "S-1-1-0",
  "S-1-5-11",
  "S-1-5-18",
  "S-1-5-32-544",
  "S-1-12-1-1-2-3-4",
  " S-1-5-21-1-2-3-1104",
  "S-1-5-21-1-2-3-1104 ",
  "All",
];

const value = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.string(),
  fc.tuple(fc.constantFrom(...VALUES), fc.string()).map(([a, b]) => a + b)
);
const sid = fc.oneof(
  fc.constantFrom(...SIDS),
  fc.string(),
  fc
    .tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat())
    .map(([a, b, c, rid]) => `S-1-5-21-${a}-${b}-${c}-${rid}`)
);

describe("plainTrustee: a row the resolver may read without the built-in checks", () => {
  it("holds only when every built-in and Everyone check says no", () => {
    fc.assert(
      fc.property(value, sid, (v, s) => {
        if (!plainTrustee(v, s)) return;
        expect(isEveryone(v, "")).toBe(false);
        expect(isEveryone(v, s)).toBe(false);
        expect(isEveryoneName(v)).toBe(false);
        expect(isEveryone("", s)).toBe(false);
        expect(builtInNameDisagrees(v, s)).toBe(false);
        expect(builtInSidName(s)).toBeNull();
        expect(isBuiltInSid(s.trim())).toBe(false);
        expect(/^S-1-\d+(-\d+)+$/i.test(v.trim())).toBe(false);
      }),
      { numRuns: 5000 }
    );
  });

  it("takes the common row: an address, alias or name beside a user's SID or none", () => {
    const user = "S-1-5-21-1180699209-877415012-3182924384-1104";
    expect(plainTrustee("chloe@contoso.example", user)).toBe(true);
    expect(plainTrustee("Chloé Martin", user)).toBe(true);
    expect(plainTrustee("jwei", "")).toBe(true);
    // A built-in's RID, a well-known SID, a DOMAIN\\name or an Everyone name: the full checks.
    expect(plainTrustee("chloe@contoso.example", "S-1-5-21-1-2-3-513")).toBe(false);
    expect(plainTrustee("chloe@contoso.example", "S-1-5-10")).toBe(false);
    expect(plainTrustee("CONTOSO\\jwei", user)).toBe(false);
    expect(plainTrustee("Jeder", user)).toBe(false);
    expect(plainTrustee("S-1-5-21-1-2-3-1105", user)).toBe(false);
  });
});
