#!/usr/bin/env node
// Search over a 50,000-mailbox shard: time per keystroke of the filtering function (target: under
// 2 ms median) and of filter + ranking as the pane runs it. Uses the compiled core in lib/
// (`npm run build:admin`). Prints numbers; it never fails on them.
const path = require("path");
const { performance } = require("perf_hooks");

const core = path.resolve(__dirname, "..", "lib", "core", "search.js");
const { buildSearchIndex, createSearcher, filterPositions, EMPTY_PREFERENCES } = require(core);

const N = 50_000;
const WORDS = [
  "Sales",
  "Support",
  "Finance",
  "Legal",
  "Billing",
  "Press",
  "Team",
  "Europe",
  "Asia",
  "Project",
  "Zoë",
  "Équipe",
  "Room",
  "North",
  "South",
];
function rng(seed) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}
const random = rng(42);
const pick = (list) => list[Math.floor(random() * list.length)];
const kinds = [
  "user",
  "shared",
  "room",
  "equipment",
  "distributionList",
  "securityGroup",
  "microsoft365Group",
];
const mailboxes = Array.from({ length: N }, (_, i) => {
  const name = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
  return {
    address: `${name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, ".")}@northwind.example`,
    displayName: name,
    kind: pick(kinds),
    rights: ["SendAs"],
    sentItemsCopy: { sendAs: false, sendOnBehalf: false },
  };
});

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, max ${s[s.length - 1].toFixed(3)} ms`;
}

function main() {
  let t = performance.now();
  const index = buildSearchIndex(mailboxes);
  const indexMs = performance.now() - t;

  const queries = [
    "support",
    "sales europe",
    "zoe",
    "equipe",
    "north 49",
    "project asia 123",
    "legal",
    "xyz",
  ];
  const keystrokes = [];
  for (const q of queries) for (let i = 1; i <= q.length; i++) keystrokes.push(q.slice(0, i));

  // Warm up the JIT as a pane would after a few keystrokes.
  for (let i = 0; i < 3; i++) for (const k of keystrokes) filterPositions(index, k);

  const filterTimes = [];
  for (let round = 0; round < 5; round++) {
    for (const k of keystrokes) {
      t = performance.now();
      filterPositions(index, k);
      filterTimes.push(performance.now() - t);
    }
  }
  const paneTimes = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const search = createSearcher(index);
      for (let i = 1; i <= q.length; i++) {
        t = performance.now();
        search(q.slice(0, i), EMPTY_PREFERENCES);
        paneTimes.push(performance.now() - t);
      }
    }
  }
  console.log(
    `search over ${N.toLocaleString("en")} mailboxes (index built once in ${indexMs.toFixed(1)} ms)`
  );
  console.log(
    `  filtering, from scratch per keystroke:       ${stats(filterTimes)}  (target: median under 2 ms)`
  );
  console.log(`  filter + rank as the pane types (narrowing): ${stats(paneTimes)}`);
}

module.exports = { main };
if (require.main === module) main();
