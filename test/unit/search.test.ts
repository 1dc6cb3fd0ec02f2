import { toSmtpAddress } from "../../src/core/address";
import {
  buildSearchIndex,
  buildSearchIndexInSlices,
  createSearcher,
  INDEX_SLICE,
  EMPTY_PREFERENCES,
  filterPositions,
  noteRecent,
  readPreferences,
  toggleFavourite,
  MAX_RECENT,
} from "../../src/core/search";
import { mailbox } from "../fixtures/shards";
import type { Mailbox } from "../../src/core/model";
import fc from "fast-check";

const boxes = [
  mailbox({ address: "support@n.example", displayName: "Customer Support" }),
  mailbox({ address: "sales@n.example", displayName: "Sales Europe" }),
  mailbox({ address: "zoe@n.example", displayName: "Zoë Durand", kind: "user" }),
  mailbox({ address: "all@n.example", displayName: "All staff", kind: "distributionList" }),
  mailbox({ address: "supplies@n.example", displayName: "Office supplies" }),
];
const index = buildSearchIndex(boxes);
const names = (list: readonly { displayName: string }[]) => list.map((m) => m.displayName);

describe("search", () => {
  const search = createSearcher(index);

  it("lists everything alphabetically for an empty query", () => {
    expect(names(search("", EMPTY_PREFERENCES))).toEqual([
      "All staff",
      "Customer Support",
      "Office supplies",
      "Sales Europe",
      "Zoë Durand",
    ]);
  });

  it("matches name or address, ignoring case and accents, all terms required", () => {
    expect(names(search("ZOE", EMPTY_PREFERENCES))).toEqual(["Zoë Durand"]);
    expect(names(search("sales@", EMPTY_PREFERENCES))).toEqual(["Sales Europe"]);
    expect(names(search("sales eu", EMPTY_PREFERENCES))).toEqual(["Sales Europe"]);
    expect(names(search("sales asia", EMPTY_PREFERENCES))).toEqual([]);
  });

  it("puts names starting with the query before names that only contain it", () => {
    expect(names(search("o", EMPTY_PREFERENCES))).toEqual([
      "Office supplies",
      "Customer Support",
      "Sales Europe",
      "Zoë Durand",
    ]);
  });

  it("puts favourites first, then recently used, then the rest", () => {
    const prefs = {
      favourites: [toSmtpAddress("zoe@n.example")],
      recent: [toSmtpAddress("supplies@n.example"), toSmtpAddress("all@n.example")],
    };
    expect(names(search("", prefs))).toEqual([
      "Zoë Durand",
      "Office supplies",
      "All staff",
      "Customer Support",
      "Sales Europe",
    ]);
  });

  it("narrowing a query gives the same result as searching from scratch (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("s", "u", "p", " ", "e", "o", "@", "ë"), { maxLength: 8 }),
        (letters) => {
          const incremental = createSearcher(index);
          let query = "";
          for (const letter of letters) {
            query += letter;
            const got = incremental(query, EMPTY_PREFERENCES);
            const fresh = createSearcher(index)(query, EMPTY_PREFERENCES);
            expect(got).toEqual(fresh);
          }
        }
      ),
      { numRuns: 100 }
    );
  }, 60_000);

  it("typing and deleting in any order, preferences changing, gives what a fresh search gives (property)", () => {
    const favourite = { ...EMPTY_PREFERENCES, favourites: [index.mailboxes[3].address] };
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom("s", "u", "p", " ", "e", "o", "@", "ë"),
            fc.constant("Backspace"),
            fc.constant("favourite")
          ),
          { maxLength: 30 }
        ),
        (keys) => {
          const searcher = createSearcher(index);
          let query = "";
          let prefs = EMPTY_PREFERENCES;
          for (const key of keys) {
            if (key === "Backspace") query = query.slice(0, -1);
            else if (key === "favourite")
              prefs = prefs === favourite ? EMPTY_PREFERENCES : favourite;
            else query += key;
            expect(searcher(query, prefs)).toEqual(createSearcher(index)(query, prefs));
          }
        }
      ),
      { numRuns: 100 }
    );
  }, 60_000);

  it("filterPositions returns positions in display order", () => {
    expect(filterPositions(index, "s").map((i) => index.mailboxes[i].address)).toEqual(
      index.mailboxes
        .filter((m) => /s/.test(`${m.displayName.toLowerCase()} ${m.address}`))
        .map((m) => m.address)
    );
  });
});

describe("preferences", () => {
  it("recently used is most-recent first, without duplicates, bounded", () => {
    let prefs = EMPTY_PREFERENCES;
    for (let i = 0; i < 12; i++) prefs = noteRecent(prefs, toSmtpAddress(`m${i}@n.example`));
    prefs = noteRecent(prefs, toSmtpAddress("M11@n.example"));
    expect(prefs.recent[0]).toBe("m11@n.example");
    expect(prefs.recent).toHaveLength(MAX_RECENT);
    expect(new Set(prefs.recent).size).toBe(prefs.recent.length);
  });

  it("favourites toggle on and off", () => {
    const on = toggleFavourite(EMPTY_PREFERENCES, toSmtpAddress("Sales@n.example"));
    expect(on.favourites).toEqual(["sales@n.example"]);
    expect(toggleFavourite(on, toSmtpAddress("sales@n.example")).favourites).toEqual([]);
  });

  it("malformed stored preferences are dropped, not thrown", () => {
    expect(readPreferences("nonsense")).toEqual(EMPTY_PREFERENCES);
    expect(readPreferences({ favourites: [1, "A@b.example"], recent: "x" })).toEqual({
      favourites: ["a@b.example"],
      recent: [],
    });
  });
});

/**
 * The ranking written out the slow, obvious way: fold, filter, then a comparison sort on
 * (favourite, recent position, starts with the first term, display-name order). The searcher's
 * one-pass split into ranks over the pre-sorted index must give exactly this.
 */
function naiveSearch(
  all: readonly Mailbox[],
  query: string,
  prefs: { favourites: readonly string[]; recent: readonly string[] }
): Mailbox[] {
  const fold = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase();
  const queryTerms = fold(query).split(/\s+/).filter(Boolean);
  const first = queryTerms[0];
  const byName = [...all].sort((a, b) => {
    const [x, y] = [fold(a.displayName), fold(b.displayName)];
    return x < y ? -1 : x > y ? 1 : a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
  });
  const rank = (m: Mailbox): [number, number] => {
    if (prefs.favourites.includes(m.address)) return [0, 0];
    if (prefs.recent.includes(m.address)) return [1, prefs.recent.lastIndexOf(m.address)];
    if (first && (fold(m.displayName).startsWith(first) || m.address.startsWith(first)))
      return [2, 0];
    return [3, 0];
  };
  return byName
    .filter((m) => queryTerms.every((t) => `${fold(m.displayName)} ${m.address}`.includes(t)))
    .map((m, order) => ({ m, order, rank: rank(m) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
    .map((x) => x.m);
}

describe("search ranking against a naive reference", () => {
  const letters = ["a", "b", "e", "é", "1", " ", ".", "@", "\n", "Ë"];
  const word = fc
    .array(fc.constantFrom(...letters.filter((l) => l !== " " && l !== "\n")), {
      minLength: 1,
      maxLength: 4,
    })
    .map((xs) => xs.join(""));
  const directory = fc
    .uniqueArray(
      fc.record({
        local: word.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, "x")),
        name: fc.array(fc.constantFrom(...letters), { maxLength: 8 }).map((xs) => xs.join("")),
      }),
      { selector: (r) => r.local, maxLength: 25 }
    )
    .map((rows) =>
      rows.map((r) => mailbox({ address: `${r.local}@n.example`, displayName: r.name }))
    );

  it("gives exactly the reference ranking for any directory, query and preferences (property)", () => {
    fc.assert(
      fc.property(
        directory,
        fc.array(fc.oneof(word, fc.constantFrom(" ", "  ", "@n", "x@")), { maxLength: 3 }),
        fc.array(fc.nat(30), { maxLength: 4 }),
        fc.array(fc.nat(30), { maxLength: 6 }),
        (all, queryParts, favouriteAt, recentAt) => {
          const pick = (at: number[]) =>
            at.filter((i) => i < all.length).map((i) => all[i].address);
          const prefs = { favourites: pick(favouriteAt), recent: pick(recentAt) };
          const query = queryParts.join(" ");
          const searcher = createSearcher(buildSearchIndex(all));
          // From an empty box first, as a pane does, then the query typed letter by letter.
          searcher("", prefs);
          for (let i = 1; i <= query.length; i++) searcher(query.slice(0, i), prefs);
          expect(searcher(query, prefs)).toEqual(naiveSearch(all, query, prefs));
          expect(createSearcher(buildSearchIndex(all))(query, prefs)).toEqual(
            naiveSearch(all, query, prefs)
          );
        }
      ),
      { numRuns: 300 }
    );
  }, 120_000);
  it("typing, deleting and retyping answers exactly as the reference after every key (property)", () => {
    // Incremental narrowing (an extended query searches only the previous matches) and the
    // remembered answers for Backspace must never differ from a fresh, naive search.
    fc.assert(
      fc.property(
        directory,
        fc.array(
          fc.oneof(
            fc.constantFrom("a", "b", "e", "é", "1", " ", ".", "@", "x", "n"),
            fc.constant("⌫")
          ),
          { maxLength: 14 }
        ),
        fc.array(fc.nat(30), { maxLength: 3 }),
        (all, keys, favouriteAt) => {
          const prefs = {
            favourites: favouriteAt.filter((i) => i < all.length).map((i) => all[i].address),
            recent: [],
          };
          const searcher = createSearcher(buildSearchIndex(all));
          let query = "";
          expect(searcher(query, prefs)).toEqual(naiveSearch(all, query, prefs));
          for (const key of keys) {
            query = key === "⌫" ? query.slice(0, -1) : query + key;
            expect(searcher(query, prefs)).toEqual(naiveSearch(all, query, prefs));
          }
        }
      ),
      { numRuns: 200 }
    );
  }, 120_000);
});

describe("index built in slices", () => {
  it("is the same index as the one built in one go, and answers the same searches", async () => {
    const many = Array.from({ length: INDEX_SLICE * 2 + 17 }, (_, i) =>
      mailbox({ address: `m${(i * 7919) % 10007}@n.example`, displayName: `Équipe ${i % 97}` })
    );
    let pauses = 0;
    const sliced = await buildSearchIndexInSlices(many, async () => void pauses++);
    expect(pauses).toBeGreaterThan(2);
    expect(sliced).toEqual(buildSearchIndex(many));
    const prefs = { favourites: [many[5].address], recent: [many[9].address] };
    for (const query of ["", "equipe 4", "m1", "9@n"])
      expect(createSearcher(sliced!)(query, prefs)).toEqual(naiveSearch(many, query, prefs));
  });

  it("orders across many slices exactly as one stable sort would, equal names by address", async () => {
    // Names repeat (ties broken by address) and the input is in no order: the merge of sorted
    // runs must give what one Array.sort of the whole would.
    const many = Array.from({ length: INDEX_SLICE * 5 + 321 }, (_, i) =>
      mailbox({
        address: `m${(i * 7919) % 20011}@n.example`,
        displayName: ["Zoë", "zoe", "Équipe", "anna", "Ärzte"][i % 5] + ` ${(i * 31) % 7}`,
      })
    );
    const sliced = await buildSearchIndexInSlices(many, async () => undefined);
    const expected = naiveSearch(many, "", { favourites: [], recent: [] });
    expect(sliced!.mailboxes).toEqual(expected);
    expect(buildSearchIndex(many).mailboxes).toEqual(expected);
    // The joined keys line up with the sorted mailboxes.
    expect(sliced!.keys[7]).toBe(
      `${expected[7].displayName
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .toLowerCase()} ${expected[7].address}`
    );
  });

  it("stops when cancelled", async () => {
    const many = Array.from({ length: INDEX_SLICE * 3 }, (_, i) =>
      mailbox({ address: `m${i}@n.example` })
    );
    let pauses = 0;
    const result = await buildSearchIndexInSlices(
      many,
      async () => void pauses++,
      () => pauses >= 4
    );
    expect(result).toBeNull();
  });
});
