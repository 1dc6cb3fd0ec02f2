// "Wait and try again" keyed on when a right was first seen listed, not on the shard's age
// (rev12 finding 13): a directory rebuilt every hour must not turn every refusal of a listed
// right into "wait" forever.
import { toSmtpAddress } from "../../src/core/address";
import type { Right } from "../../src/core/model";
import {
  foldRightsSeen,
  ListedRights,
  parseRightsSeen,
  RightsSeen,
  rightsListedSince,
} from "../../src/core/rights-seen";
import { explainGraphFailure } from "../../src/core/send-errors";

const BILLING = toSmtpAddress("billing@northwind.example");
const FALCON = toSmtpAddress("falcon@northwind.example");
const T0 = Date.parse("2026-11-30T06:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const shard = (minutes: number, mailboxes: [string, Right[]][]): ListedRights => ({
  generatedAt: iso(minutes),
  mailboxes: mailboxes.map(([address, rights]) => ({ address, rights })),
});
const denied = { status: 403, code: "ErrorSendAsDenied", message: "Cannot submit message." };

/** What the pane says about a refused send from `address`, with the record and the last shard. */
function explain(record: RightsSeen, last: ListedRights, address: string, now: Date) {
  const rights = last.mailboxes.find((m) => m.address === address)!.rights;
  return explainGraphFailure(denied, {
    mailbox: { address: toSmtpAddress(address), kind: "shared", rights },
    user: toSmtpAddress("alex.wilber@northwind.example"),
    throughMailbox: false,
    directory: {
      generatedAt: last.generatedAt,
      since: rightsListedSince(record, address, rights),
      now,
    },
  });
}

/** Folds a shard every `every` minutes from 0 to `until`; returns the record and the last shard. */
function hourly(until: number, listing: (minutes: number) => [string, Right[]][], every = 60) {
  let record: RightsSeen | null = null;
  let last = shard(0, listing(0));
  for (let m = 0; m <= until; m += every) {
    last = shard(m, listing(m));
    record = foldRightsSeen(record, last, at(m + 5));
    // Stored as JSON between panes.
    record = parseRightsSeen(JSON.parse(JSON.stringify(record)));
    expect(record).not.toBeNull();
  }
  return { record: record!, last };
}

describe("rights first seen", () => {
  it("a directory rebuilt every hour: a right listed for five hours is refused for real (the cmdlet)", () => {
    const { record, last } = hourly(300, () => [[BILLING, ["SendAs"]]]);
    // The last shard is 10 minutes old: keyed on generatedAt this was "wait" forever.
    const p = explain(record, last, BILLING, at(310));
    expect(p.code).toBe("sendAsDenied");
    expect(p.adminFix).toMatch(/^Add-RecipientPermission /);
  });

  it("a right that appears in a later shard is new: wait two hours from that shard, then the cmdlet", () => {
    const listing = (m: number): [string, Right[]][] =>
      m >= 240
        ? [
            [BILLING, ["SendAs"]],
            [FALCON, ["SendOnBehalf"]],
          ]
        : [[BILLING, ["SendAs"]]];
    const { record, last } = hourly(300, listing);
    // Falcon first listed by the shard of minute 240; now is 310: 50 minutes left.
    const p = explain(record, last, FALCON, at(310));
    expect(p).toMatchObject({ code: "rightNotActiveYet", retryAfterSeconds: 50 * 60 });
    // Billing, listed since minute 0, is refused for real in the same pane.
    expect(explain(record, last, BILLING, at(310)).code).toBe("sendAsDenied");
    // Still listed in later shards, the first time stands; past two hours, really missing.
    const later = hourly(420, listing);
    expect(explain(later.record, later.last, FALCON, at(365)).code).toBe("sendAsDenied");
    expect(later.record.recent).toEqual({});
  });

  it("a right dropped and listed again is new again", () => {
    const listing = (m: number): [string, Right[]][] =>
      m === 120 ? [[BILLING, ["SendOnBehalf"]]] : [[BILLING, ["SendAs", "SendOnBehalf"]]];
    const { record, last } = hourly(180, listing);
    // Send As came back in the shard of minute 180; Send on Behalf was never dropped. Both are
    // refused: one of them is old, so the refusal is real.
    expect(explain(record, last, BILLING, at(190)).code).toBe("sendAsDenied");
    expect(rightsListedSince(record, BILLING, ["SendAs"])).toEqual({ SendAs: iso(180) });
    expect(rightsListedSince(record, BILLING, ["SendOnBehalf"])).toEqual({ SendOnBehalf: iso(0) });
  });

  it("the first shard the pane sees: its rights count from its generatedAt (as without a record)", () => {
    const { record, last } = hourly(0, () => [[BILLING, ["SendAs"]]]);
    expect(explain(record, last, BILLING, at(30))).toMatchObject({
      code: "rightNotActiveYet",
      retryAfterSeconds: 90 * 60,
    });
  });

  it("an older or the same shard changes nothing (the cached copy after the fresh one)", () => {
    const first = foldRightsSeen(null, shard(60, [[BILLING, ["SendAs"]]]), at(61));
    expect(foldRightsSeen(first, shard(60, [[FALCON, ["SendAs"]]]), at(62))).toBe(first);
    expect(foldRightsSeen(first, shard(0, [[FALCON, ["SendAs"]]]), at(62))).toBe(first);
  });

  it("a damaged record is refused as such", () => {
    const good = foldRightsSeen(null, shard(0, [[BILLING, ["SendAs"]]]), at(1));
    for (const bad of [
      null,
      "x",
      { ...good, v: 2 },
      { ...good, hashes: "%%%" },
      { ...good, hashes: "AAA=" },
      { ...good, recent: { a: 1 } },
      { ...good, baseline: undefined },
    ])
      expect(parseRightsSeen(bad)).toBeNull();
    expect(parseRightsSeen(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it("stays small for 50,000 mailboxes: 4 bytes a right, nothing per old right", () => {
    const many: [string, Right[]][] = Array.from({ length: 50_000 }, (_, i) => [
      `shared${i}@northwind.example`,
      ["SendAs"],
    ]);
    let record = foldRightsSeen(null, shard(0, many), at(1));
    record = foldRightsSeen(record, shard(60, many), at(61));
    const size = JSON.stringify(record).length;
    expect(size).toBeLessThan(300_000);
    expect(record.recent).toEqual({});
  });
});
