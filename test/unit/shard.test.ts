import { toSmtpAddress } from "../../src/core/address";
import {
  parseIndex,
  parseShard,
  sanitizeDisplayName,
  MAX_DISPLAY_NAME,
} from "../../src/core/shard";
import { shardFileName, shardPath } from "../../src/core/shard-name";
import { MAX_SHARD_BYTES } from "../../src/core/model";
import { createHash } from "crypto";
import { mailbox, shard, shardText, USER } from "../fixtures/shards";

describe("parseShard", () => {
  it("accepts a valid shard and normalises addresses to lower case", () => {
    const text = shardText(
      shard([mailbox({ address: "Support@Northwind.Example", displayName: "Support" })], {
        user: "Alex.Wilber@northwind.example",
      })
    );
    const parsed = parseShard(text, USER);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.user).toBe(USER);
    expect(parsed.value.mailboxes.map((m) => m.address)).toEqual(["support@northwind.example"]);
  });

  it("tells JSON that does not parse apart from JSON that does not match the schema", () => {
    const notJson = parseShard("{ not json", USER);
    expect(notJson).toMatchObject({ ok: false, problem: { code: "notJson" } });

    const missing = parseShard(shardText({ ...shard([]), mailboxes: undefined }), USER);
    expect(missing).toMatchObject({ ok: false, problem: { code: "invalid" } });

    const badKind = parseShard(
      shardText(shard([mailbox({ address: "x@y.example", kind: "team" as never })])),
      USER
    );
    expect(badKind).toMatchObject({
      ok: false,
      problem: { code: "invalid", at: "/mailboxes/0/kind" },
    });

    const badRight = parseShard(
      shardText(shard([mailbox({ address: "x@y.example", rights: ["ReadPermission" as never] })])),
      USER
    );
    expect(badRight).toMatchObject({
      ok: false,
      problem: { code: "invalid", at: "/mailboxes/0/rights/0" },
    });
  });

  it("refuses another major version with a version problem, not a schema problem", () => {
    const v2 = parseShard(shardText({ ...shard([]), version: 2 }), USER);
    expect(v2).toEqual({
      ok: false,
      problem: { code: "unsupportedVersion", found: "2", supported: 1 },
    });
  });

  it("refuses a file of another format", () => {
    const index = parseShard(
      shardText({
        format: "send-from-directory",
        version: 1,
        generatedAt: "2026-11-20T06:00:00Z",
        tenant: "x",
      }),
      USER
    );
    expect(index).toMatchObject({ ok: false, problem: { code: "wrongFormat" } });
  });

  it("refuses a shard that belongs to someone else", () => {
    const other = parseShard(
      shardText(shard([], { user: "someone.else@northwind.example" })),
      USER
    );
    expect(other).toEqual({
      ok: false,
      problem: { code: "wrongUser", expected: USER, found: "someone.else@northwind.example" },
    });
  });

  it("refuses text over MAX_SHARD_BYTES (UTF-8 bytes) before parsing it", () => {
    const huge = shardText(
      shard([mailbox({ address: "a@b.example", displayName: "x".repeat(MAX_SHARD_BYTES) })])
    );
    expect(parseShard(huge, USER)).toMatchObject({ ok: false, problem: { code: "tooLarge" } });
    // Under the limit in UTF-16 units, over it in UTF-8 bytes ("é" is two bytes).
    const wide = shardText(
      shard([mailbox({ address: "a@b.example", displayName: "é".repeat(MAX_SHARD_BYTES / 2 + 8) })])
    );
    expect(parseShard(wide, USER)).toMatchObject({ ok: false, problem: { code: "tooLarge" } });
  });

  it("keeps the first of duplicate addresses and notes the duplicate", () => {
    const parsed = parseShard(
      shardText(
        shard([
          mailbox({ address: "sales@northwind.example", rights: ["SendOnBehalf"] }),
          mailbox({ address: "SALES@northwind.example", rights: ["SendAs", "FullAccess"] }),
        ])
      ),
      USER
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.mailboxes).toHaveLength(1);
    expect(parsed.value.mailboxes[0].rights).toEqual(["SendOnBehalf"]);
    expect(parsed.notes).toEqual([
      { code: "duplicateMailbox", address: "sales@northwind.example" },
    ]);
  });

  it("ignores fields it does not know, so a v1 reader survives additive changes", () => {
    const parsed = parseShard(
      shardText({
        ...shard([{ ...mailbox({ address: "a@b.example" }), colour: "red" } as never]),
        extra: 1,
      }),
      USER
    );
    expect(parsed.ok).toBe(true);
  });
});

describe("sanitizeDisplayName", () => {
  it("keeps the ideographic space of a Japanese name, and still folds other white space", () => {
    expect(sanitizeDisplayName("山田\u3000太郎", "x@y")).toBe("山田\u3000太郎");
    expect(sanitizeDisplayName("Sales\u2003\t Team", "x@y")).toBe("Sales Team");
  });

  it("removes bidirectional overrides so a name cannot reorder what follows it", () => {
    expect(sanitizeDisplayName("Pay\u202Eroll\u202C Team", "x@y")).toBe("Payroll Team");
    expect(sanitizeDisplayName("a\u2066b\u2069c", "x@y")).toBe("abc");
  });

  it("keeps HTML as literal text (rendering is text-only) and collapses control characters", () => {
    expect(sanitizeDisplayName("<img src=x onerror=alert(1)>\n\tSupport", "x@y")).toBe(
      "<img src=x onerror=alert(1)> Support"
    );
  });

  it("cuts very long names and falls back to the address for empty ones", () => {
    const cut = sanitizeDisplayName("n".repeat(10_000), "x@y");
    expect(Array.from(cut)).toHaveLength(MAX_DISPLAY_NAME);
    expect(cut.endsWith("…")).toBe(true);
    expect(sanitizeDisplayName(" \u202E ", "fallback@northwind.example")).toBe(
      "fallback@northwind.example"
    );
  });
});

describe("parseIndex", () => {
  it("accepts the index and refuses other versions", () => {
    const index = {
      format: "send-from-directory",
      version: 1,
      generatedAt: "2026-11-20T06:00:00Z",
      tenant: "northwind.example",
    };
    expect(parseIndex(JSON.stringify(index))).toMatchObject({ ok: true, value: index });
    expect(parseIndex(JSON.stringify({ ...index, version: 3 }))).toMatchObject({
      ok: false,
      problem: { code: "unsupportedVersion" },
    });
  });
});

describe("shard file names", () => {
  it("are the lower-case hex SHA-256 of the lower-cased address, as Node computes it", () => {
    const expected = createHash("sha256").update("alex.wilber@northwind.example").digest("hex");
    expect(shardFileName(toSmtpAddress("Alex.Wilber@Northwind.Example"))).toBe(`${expected}.json`);
    expect(shardPath(toSmtpAddress(" alex.wilber@northwind.example "))).toBe(
      `users/${expected}.json`
    );
  });
});
