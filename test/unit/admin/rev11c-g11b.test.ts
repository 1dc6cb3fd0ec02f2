// Issue 11, review rev11c: findings 7, 12-18, 20, 21 (branch g11b), each asserting what an admin sees.
import * as fc from "fast-check";
import { DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { entraSidToObjectId } from "../../../src/admin/values";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe", { objectId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b" });
  t.shared("Büro München", "buero");
  return t;
}

/** The Entra SID of an object id: its 16 GUID bytes as four little-endian uint32 (the inverse). */
function entraSid(objectId: string): string {
  const h = objectId.replace(/-/g, "");
  const b = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  // GUID byte order: the first three groups are stored little-endian.
  const bytes = [
    b(3),
    b(2),
    b(1),
    b(0),
    b(5),
    b(4),
    b(7),
    b(6),
    ...[8, 9, 10, 11, 12, 13, 14, 15].map(b),
  ];
  const parts = [0, 1, 2, 3].map(
    (k) =>
      (bytes[k * 4] |
        (bytes[k * 4 + 1] << 8) |
        (bytes[k * 4 + 2] << 16) |
        (bytes[k * 4 + 3] << 24)) >>>
      0
  );
  return `S-1-12-1-${parts.join("-")}`;
}

describe("finding 12: an Entra SID (S-1-12-1-...) names the recipient whose object id it encodes", () => {
  it("decodes the reviewer's example to its object id", () => {
    expect(entraSidToObjectId("S-1-12-1-0-1073741824-128-33554432")).toBe(
      "00000000-0000-4000-8000-000000000002"
    );
    expect(entraSidToObjectId("S-1-5-21-1-2-3-1002")).toBeNull();
    expect(entraSidToObjectId("S-1-12-1-1-2-3-4294967296")).toBeNull();
  });

  it("decodes every object id back from its SID", () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(entraSidToObjectId(entraSid(id))).toBe(id.toLowerCase());
      }),
      { numRuns: 300 }
    );
  });

  it.each([
    ["as the trustee", "User"],
    ["in the UserSid column only", "UserSid"],
  ])("grants the right to that recipient (%s)", async (_what, column) => {
    const t = tenant();
    const sidValue = entraSid("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    t.fullAccess(
      at("buero"),
      column === "User" ? sidValue : "Unbekannt 1",
      column === "User" ? { UserSid: "" } : { UserSid: sidValue }
    );
    const r = await buildExports(writeExports(t));
    expect(r.stderr).not.toContain("names no recipient");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it("a Send As trustee SID in lower case is matched too", async () => {
    const t = tenant();
    t.sendAs(at("buero"), entraSid("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b").toLowerCase(), {
      TrusteeSidString: "",
    });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });

  it("an Entra SID that matches no one is a lost right whose fix names the decoded object id", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), entraSid("11111111-2222-4333-8444-555555555555"), { UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Get-MgUser -UserId 11111111-2222-4333-8444-555555555555");
  });
});
