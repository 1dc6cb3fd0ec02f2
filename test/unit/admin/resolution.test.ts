import { GrantTable, grantBits, grantDelegate, grantMailbox } from "../../../src/admin/grants";
import { GroupMembership } from "../../../src/admin/groups";
import { RecipientIndex } from "../../../src/admin/recipients";
import { FULL_ACCESS, SEND_AS, SEND_ON_BEHALF } from "../../../src/admin/values";

function alexIndex() {
  const index = new RecipientIndex();
  const alex = index.add({
    address: "Alex.Wilber@contoso.example",
    displayName: "Alex Wilber",
    proxies: ["alex@contoso.example", "a.wilber@contoso.example"],
    otherAddresses: ["alexw@corp.contoso.example"],
    names: [
      "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61",
      "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61",
      "AlexW",
      "9f8e7d6c-0000-4000-8000-000000000001",
    ],
  });
  return { index, alex };
}

describe("resolving a trustee to a primary SMTP address", () => {
  it("accepts every form an export uses", () => {
    const { index, alex } = alexIndex();
    const forms = [
      "alex.wilber@contoso.example", // primary address
      "ALEX.WILBER@CONTOSO.EXAMPLE", // any case
      "alexw@corp.contoso.example", // UPN that is not a proxy address
      "AlexW", // alias
      "Alex Wilber", // display name
      "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61", // Name / Identity GUID
      "9f8e7d6c-0000-4000-8000-000000000001", // ExternalDirectoryObjectId
      "smtp:a.wilber@contoso.example", // proxy address with its prefix
      "alex@contoso.example", // proxy address
      " AlexW ", // stray spaces
      "NAMPR01A001.prod.outlook.com/Microsoft Exchange Hosted Organizations/contoso.onmicrosoft.com/AlexW",
    ];
    for (const form of forms) expect([form, index.resolve(form)]).toEqual([form, alex]);
    expect(index.addresses[alex]).toBe("alex.wilber@contoso.example");
    expect(index.aliases[alex]).toEqual(["alex@contoso.example", "a.wilber@contoso.example"]);
  });

  it("resolves nothing for orphaned SIDs, deleted accounts and unknown names", () => {
    const { index } = alexIndex();
    expect(index.resolve("S-1-5-21-3623811015-3361044348-30300820-1013")).toBe("unresolved");
    expect(index.resolve("NAMPR01A001\\$ABC123-XYZ")).toBe("unresolved");
    expect(index.resolve("NT AUTHORITY\\SYSTEM")).toBe("unresolved");
    expect(index.resolve("")).toBe("unresolved");
  });

  it("calls a display name shared by two recipients ambiguous rather than guessing", () => {
    const index = new RecipientIndex();
    index.add({ address: "jsmith@contoso.example", displayName: "John Smith", names: ["jsmith"] });
    index.add({
      address: "john.smith@contoso.example",
      displayName: "John Smith",
      names: ["johns"],
    });
    expect(index.resolve("John Smith")).toBe("ambiguous");
    expect(index.resolve("johns")).toBe(1);
  });

  it("never guesses between an address and another recipient's name spelled the same", () => {
    const index = new RecipientIndex();
    const a = index.add({ address: "sales@contoso.example", displayName: "Sales" });
    const b = index.add({
      address: "team@contoso.example",
      displayName: "Team",
      names: ["sales@contoso.example"],
    });
    expect(index.resolve("sales@contoso.example")).toBe("ambiguous");
    expect(index.candidateForms("SALES@contoso.example")).toEqual([
      { id: a, form: "primary SMTP address" },
      { id: b, form: "Identity or Name" },
    ]);
    // The owner is still found by its primary address when files are merged.
    expect(index.idOf("sales@contoso.example")).toBe(a);
  });

  it.each([
    [
      "the Name of one, the display name of another",
      { names: ["Chloé Martin"] },
      { displayName: "Chloé Martin" },
    ],
    ["the alias of one, the Name of another", { names: ["cmartin"] }, { names: ["x", "cmartin"] }],
    [
      "the UPN of one, the primary address of another",
      { otherAddresses: ["yamada@contoso.example"] },
      {},
    ],
    [
      "the sAMAccountName of one, the alias of another",
      { samAccountName: "cmartin" },
      { names: ["cmartin"] },
    ],
  ])("a value that is %s is ambiguous, in either order", (_what, one, two) => {
    for (const order of [0, 1]) {
      const index = new RecipientIndex();
      const add = [
        () => index.add({ address: "chloe@contoso.example", ...one }),
        () => index.add({ address: "yamada@contoso.example", ...two }),
      ];
      if (order) add.reverse();
      add[0]();
      add[1]();
      const value = Object.values({ ...one }).flat()[0] as string;
      expect(index.resolve(value)).toBe("ambiguous");
      expect(index.candidates(value)).toHaveLength(2);
    }
  });

  it("keeps a primary address with its owner when another recipient lists it as a proxy", () => {
    const index = new RecipientIndex();
    const owner = index.add({ address: "info@contoso.example" });
    index.add({ address: "old@contoso.example", proxies: ["info@contoso.example"] });
    expect(index.resolve("info@contoso.example")).toBe(owner);
  });

  it("merges a recipient added twice (recipients.csv, then mailboxes.csv)", () => {
    const index = new RecipientIndex();
    const first = index.add({ address: "hr@contoso.example", displayName: "" });
    const again = index.add({
      address: "HR@contoso.example",
      displayName: "Human Resources",
      names: ["hr-guid"],
    });
    expect(again).toBe(first);
    expect(index.size).toBe(1);
    expect(index.displayNames[first]).toBe("Human Resources");
    expect(index.resolve("hr-guid")).toBe(first);
  });
});

describe("group expansion", () => {
  it("expands nested groups into their users, each once", () => {
    const g = new GroupMembership();
    // 10 holds users 1, 2 and group 11; 11 holds users 2, 3 and group 12; 12 holds user 4.
    g.addMember(10, 1);
    g.addMember(10, 2);
    g.addMember(10, 11);
    g.addMember(11, 2);
    g.addMember(11, 3);
    g.addMember(11, 12);
    g.addMember(12, 4);
    expect(g.usersOf(10)).toEqual([1, 2, 3, 4]);
    expect(g.usersOf(11)).toEqual([2, 3, 4]);
    expect(g.cycles).toEqual([]);
  });

  it("detects a cycle, reports it once, and still returns every user in it", () => {
    const g = new GroupMembership();
    g.addMember(20, 1);
    g.addMember(20, 21);
    g.addMember(21, 2);
    g.addMember(21, 22);
    g.addMember(22, 3);
    g.addMember(22, 20);
    expect(g.usersOf(20)).toEqual([1, 2, 3]);
    expect(g.usersOf(21)).toEqual([1, 2, 3]);
    expect(g.usersOf(22)).toEqual([1, 2, 3]);
    expect(g.cycles).toEqual([[20, 21, 22, 20]]);
  });

  it("treats a group that includes itself as a cycle, and an empty group as no users", () => {
    const g = new GroupMembership();
    g.addMember(30, 30);
    g.addMember(30, 5);
    g.markGroup(31);
    expect(g.usersOf(30)).toEqual([5]);
    expect(g.cycles).toEqual([[30, 30]]);
    expect(g.isGroup(31)).toBe(true);
    expect(g.usersOf(31)).toEqual([]);
  });

  it("survives deep nesting without running out of stack", () => {
    const g = new GroupMembership();
    for (let i = 0; i < 50000; i++) g.addMember(100000 + i, 100000 + i + 1);
    g.addMember(150000, 7);
    expect(g.usersOf(100000)).toEqual([7]);
  });
});

describe("grants, groups and Deny", () => {
  // Ids are their own ranks here: the identity permutation.
  const rank = Int32Array.from({ length: 64 }, (_, i) => i);
  const decode = (codes: Float64Array) =>
    Array.from(codes, (c) => [grantDelegate(c), grantMailbox(c), grantBits(c)]);

  it("merges rights from several rows and groups into one entry per delegate and mailbox", () => {
    const groups = new GroupMembership();
    groups.addMember(40, 1);
    groups.addMember(40, 2);
    const t = new GrantTable();
    t.addAllow(1, 50, SEND_AS);
    t.addAllow(1, 50, FULL_ACCESS);
    t.addAllow(40, 50, SEND_ON_BEHALF);
    t.addAllow(40, 51, SEND_AS);
    expect(decode(t.toDelegates(groups, rank).codes)).toEqual([
      [1, 50, SEND_AS | SEND_ON_BEHALF | FULL_ACCESS],
      [1, 51, SEND_AS],
      [2, 50, SEND_ON_BEHALF],
      [2, 51, SEND_AS],
    ]);
  });

  it("lets a Deny take away the same right from the same principal only", () => {
    const t = new GrantTable();
    t.addAllow(1, 50, SEND_AS | FULL_ACCESS);
    t.addDeny(1, 50, FULL_ACCESS);
    t.addAllow(2, 50, FULL_ACCESS);
    const result = t.toDelegates(new GroupMembership(), rank);
    expect(decode(result.codes)).toEqual([
      [1, 50, SEND_AS],
      [2, 50, FULL_ACCESS],
    ]);
    expect(result.revokedByDeny).toBe(1);
  });

  it("applies a Deny on a group to each member, and a Deny on a member against a group's Allow", () => {
    const groups = new GroupMembership();
    groups.addMember(40, 1);
    groups.addMember(40, 2);
    const t = new GrantTable();
    t.addAllow(40, 50, SEND_AS);
    t.addDeny(2, 50, SEND_AS);
    t.addAllow(3, 51, FULL_ACCESS);
    groups.addMember(41, 3);
    t.addDeny(41, 51, FULL_ACCESS);
    const result = t.toDelegates(groups, rank);
    expect(decode(result.codes)).toEqual([[1, 50, SEND_AS]]);
    expect(result.revokedByDeny).toBe(2);
  });

  it("never gives a delegate their own mailbox, also not through a group", () => {
    const groups = new GroupMembership();
    groups.addMember(40, 1);
    groups.addMember(40, 2);
    const t = new GrantTable();
    t.addAllow(40, 1, SEND_AS);
    expect(decode(t.toDelegates(groups, rank).codes)).toEqual([[2, 1, SEND_AS]]);
  });
});
