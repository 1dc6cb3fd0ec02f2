import { ENCODING_NAME } from "./decode";
import { LeftOutReason, ObjectIdOutcome } from "./object-ids";
import type { BuildSummary } from "./summary";
import { formatProblem, printableLine, Problem } from "./problems";
import { DROP_REASONS } from "./rules";
import { NO_OBJECT_IDS_FIX } from "./fixes";

const count = (n: number) => n.toLocaleString("en-US");

/** The JSON written by `build --report <file>`; the same facts as the summary on stderr. */
export interface BuildReport {
  command: "build";
  ok: boolean;
  in: string;
  out: string;
  tenant: string;
  tenantFrom: BuildSummary["tenantFrom"];
  generatedAt: string;
  generatedAtFrom: BuildSummary["generatedAtFrom"];
  counts: {
    recipients: number;
    mailboxes: number;
    groups: number;
    /** null: the build stopped before the shards were computed, so it is not known. */
    delegates: number | null;
    shardsWritten: number;
  };
  /** null: the build stopped before the shards were computed (not "no grants"). */
  grants: BuildSummary["grants"] | null;
  /** The directory was written (and swapped in); false: --out is as it was before. */
  written: boolean;
  rowsRead: Record<string, number>;
  dropped: BuildSummary["dropped"];
  revokedByDeny: number;
  inputFormat: BuildSummary["inputFormat"];
  /** Files decoded from another encoding than UTF-8. */
  decoded: BuildSummary["decoded"];
  unresolved: BuildSummary["unresolved"];
  /** Every right lost (published only with --allow-unresolved; otherwise listed as problems). */
  lost: BuildSummary["lost"];
  /** Deny entries not placed, published with the holders keeping the right (see BuildSummary). */
  unplacedDenies: BuildSummary["unplacedDenies"];
  groupCycles: string[][];
  warnings: string[];
  problems: Problem[];
  problemsNotListed: number;
  /** Present when the directory was written: who the directory service can serve (object-ids.json). */
  objectIds?: ObjectIdOutcome;
}

export function buildReport(
  summary: BuildSummary,
  args: {
    in: string;
    out: string;
    ok: boolean;
    shardsWritten: number;
    problems: Problem[];
    overflow: number;
    objectIds?: ObjectIdOutcome;
  }
): BuildReport {
  return {
    command: "build",
    ok: args.ok,
    in: args.in,
    out: args.out,
    tenant: summary.tenant,
    tenantFrom: summary.tenantFrom,
    generatedAt: summary.generatedAt,
    generatedAtFrom: summary.generatedAtFrom,
    counts: {
      recipients: summary.recipients,
      mailboxes: summary.mailboxes,
      groups: summary.groups,
      delegates: summary.computed ? summary.delegates : null,
      shardsWritten: args.shardsWritten,
    },
    grants: summary.computed ? summary.grants : null,
    written: args.ok,
    rowsRead: summary.rowsRead,
    dropped: summary.dropped,
    revokedByDeny: summary.revokedByDeny,
    inputFormat: summary.inputFormat,
    decoded: summary.decoded,
    unresolved: summary.unresolved,
    lost: args.ok ? summary.lost : [],
    unplacedDenies: args.ok ? summary.unplacedDenies : [],
    groupCycles: summary.groupCycles,
    warnings: [...summary.warnings, ...objectIdWarnings(args.objectIds)],
    problems: args.problems,
    problemsNotListed: args.overflow,
    ...(args.objectIds ? { objectIds: args.objectIds } : {}),
  };
}

/**
 * A directory whose object-ids.json maps no delegate is one the directory service (protected
 * mode, the add-in's default) can serve to no one: said as a warning, not left to a count of
 * "0 mapped" (rev11d finding 17). Not an error: shards published as static files (public mode)
 * need no object ids.
 */
function objectIdWarnings(o: ObjectIdOutcome | undefined): string[] {
  if (!o || o.mapped > 0) return [];
  const leftOut = Object.values(o.leftOut).reduce((n, x) => n + x, 0);
  if (leftOut === 0) return [];
  return [
    `the directory service (protected mode, the add-in's default) can serve NO ONE from this directory: object-ids.json maps none of its ${count(leftOut)} delegate(s) to an Entra object id. Fix: ${NO_OBJECT_IDS_FIX}.`,
  ];
}

const REASON_LABEL: Record<(typeof DROP_REASONS)[number], string> = {
  inherited: "inherited",
  self: "SELF",
  deny: "Deny",
  otherRights: "other rights",
  unknownMailbox: "not a mailbox",
  orphanedSid: "orphaned SID",
  systemAccount: "built-in account",
  emptyGroup: "empty group",
  unsupportedRecipientType: "unsupported recipient type",
  distributionGroupDeny: "Deny held by a distribution group (never applied by Exchange)",
  unresolvedTrustee: "LOST unresolved trustee",
  ambiguousTrustee: "LOST ambiguous trustee",
  unresolvedMailbox: "LOST unresolved mailbox",
  damagedText: 'LOST damaged name ("?" for letters, mis-decoded, or a hidden character)',
  groupMembersUnknown: "LOST group without member list",
  cannotSignIn: "LOST trustee that cannot sign in (mail contact or public folder)",
  distributionGroup: "LOST Full Access/Send As held by a distribution group",
  groupCategoryUnknown:
    "LOST Full Access/Send As (or its Deny) held by a group the exports do not tell security or distribution",
};

/** The words of the diagnoses that show a file read as Windows-1252 is in another ANSI page. */
const OTHER_PAGE_SHOWN =
  /another ANSI code page|written in another code page|not in Windows-1252|the file mixes code pages|the file is probably (Windows-\d+|[^:]*\(code page \d+)/;

/** The summary printed on stderr at the end of a build. */
export function summaryText(report: BuildReport): string {
  const lines: string[] = [];
  const c = report.counts;
  const g = report.grants;
  const read = `mailboxes ${count(c.mailboxes)}, groups ${count(c.groups)}, recipients ${count(c.recipients)}`;
  const granted = g
    ? `delegates ${count(c.delegates ?? 0)}; grants ${count(g.total)} (Send As ${count(g.sendAs)}, Send on Behalf ${count(g.sendOnBehalf)}, Full Access ${count(g.fullAccess)})`
    : "";
  if (report.ok) {
    lines.push(
      `send-from-admin build: wrote ${count(c.shardsWritten)} shard(s) to ${report.out} (tenant ${report.tenant || '""'}, generated ${report.generatedAt})`
    );
    lines.push(`  ${read}; ${granted}`);
  } else {
    const n = report.problems.length + report.problemsNotListed;
    lines.push(
      `send-from-admin build: FAILED with ${count(n)} problem(s). Nothing was written: ${report.out} is as it was (a directory published before is still served).`
    );
    for (const p of report.problems) lines.push(`  ${formatProblem(p)}`);
    if (report.problemsNotListed > 0)
      lines.push(`  ... and ${count(report.problemsNotListed)} more`);
    lines.push(`  read before stopping: ${read}`);
    // Zero grants would read as "built, with nothing in it": say what was not counted instead.
    lines.push(
      g
        ? `  computed but NOT written: ${granted}`
        : "  not computed (the build stopped first): no shards, delegates or grants were counted"
    );
  }
  const dropped = DROP_REASONS.filter((r) => report.dropped[r] > 0).map(
    (r) => `${REASON_LABEL[r]} ${count(report.dropped[r])}`
  );
  lines.push(`  dropped: ${dropped.length > 0 ? dropped.join(", ") : "nothing"}`);
  // Orphaned SIDs are dropped, not lost, but the admin should clean them up: list where they are.
  const orphans = report.unresolved.filter((u) => u.kind === "orphanedSid");
  if (orphans.length > 0) {
    lines.push(`  orphaned SIDs (accounts deleted; remove these permissions in Exchange):`);
    for (const u of orphans) lines.push(`    ${u.file}, line ${u.line}: ${u.value}`);
    if (report.dropped.orphanedSid > orphans.length)
      lines.push(
        `    ... and ${count(report.dropped.orphanedSid - orphans.length)} more (see --report)`
      );
  }
  for (const [file, encoding] of Object.entries(report.decoded)) {
    // A problem or lost right already showed that a name in the file is in another code page:
    // the summary does not then claim that none did (rev11c finding 9).
    const otherPage = [...report.problems, ...report.lost].some(
      (p) => p.file === file && OTHER_PAGE_SHOWN.test(p.message)
    );
    lines.push(
      `  read ${file} as ${ENCODING_NAME[encoding]}${
        encoding !== "windows-1252"
          ? ""
          : otherPage
            ? ", but names in it show another ANSI code page (see above): the bytes do not name the code page, so the file must be written again in UTF-8"
            : ", assumed: the ANSI code page of a Western Windows, which Excel and Windows PowerShell's -Encoding Default write; the bytes do not name the code page, and no name in it showed another one"
      }`
    );
  }
  if (report.revokedByDeny > 0)
    lines.push(`  rights taken away by Deny entries: ${count(report.revokedByDeny)}`);
  lines.push(...lostLines(report));
  if (report.objectIds) lines.push(...objectIdLines(report.objectIds));
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The summary's list of rights lost (published without them, --allow-unresolved); empty when
 * none was lost. `--quiet` still prints it (rev11d finding 1): quiet drops progress and counts,
 * never the rights a published directory is missing.
 */
export function lostLines(report: BuildReport): string[] {
  if (!report.ok) return [];
  const line = (l: BuildReport["lost"][number]) =>
    printableLine(
      `    ${l.file}, line ${l.line}, column ${l.column}: ${l.right} on ${l.mailbox.trim() === "" ? "a mailbox the row does not name (empty Identity)" : l.mailbox}: ${l.message}`
    );
  const lines: string[] = [];
  if (report.lost.length > 0)
    lines.push(
      `  LOST (published without them, --allow-unresolved): ${count(report.lost.length)} right(s):`,
      ...report.lost.map(line)
    );
  if (report.unplacedDenies.length > 0)
    lines.push(
      // Each entry says from whom the right is withheld (the recipients the row names), if anyone:
      // the others keep it (rev11l finding 8, g01c: the heading said every holder kept it).
      `  DENY NOT PLACED (published: each holder keeps the right unless the entry names them as withheld, and Exchange refuses it to whoever the Deny is for, --allow-unresolved): ${count(report.unplacedDenies.length)} Deny row(s):`,
      ...report.unplacedDenies.map(line)
    );
  return lines;
}

const LEFT_OUT_LABEL: Record<LeftOutReason, string> = {
  noObjectId: "no ExternalDirectoryObjectId",
  notAnObjectId: "ExternalDirectoryObjectId is not a GUID",
  sharedObjectId: "ExternalDirectoryObjectId shared with another delegate",
};

/** The object-ids.json lines of the summary: delegates the directory service cannot serve, and why. */
function objectIdLines(o: ObjectIdOutcome): string[] {
  const reasons = (Object.keys(LEFT_OUT_LABEL) as LeftOutReason[]).filter((r) => o.leftOut[r] > 0);
  const total = reasons.reduce((n, r) => n + o.leftOut[r], 0);
  const lines = [
    `  directory service: ${count(o.mapped)} delegate(s) mapped to their Entra object id`,
  ];
  if (total === 0) return lines;
  lines[0] += `; ${count(total)} left out, the service cannot give them their shard (${reasons
    .map((r) => `${LEFT_OUT_LABEL[r]} ${count(o.leftOut[r])}`)
    .join(", ")})`;
  const first = o.leftOutUsers[0];
  if (first)
    lines.push(
      `    e.g. ${first.user} (${LEFT_OUT_LABEL[first.reason]}); --report lists up to ${o.leftOutUsers.length}`
    );
  return lines;
}
