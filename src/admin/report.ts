import { BuildSummary } from "./build";
import { LeftOutReason, ObjectIdOutcome } from "./object-ids";
import { formatProblem, Problem } from "./problems";
import { DROP_REASONS } from "./rules";

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
    delegates: number;
    shardsWritten: number;
  };
  grants: BuildSummary["grants"];
  rowsRead: Record<string, number>;
  dropped: BuildSummary["dropped"];
  revokedByDeny: number;
  unresolved: BuildSummary["unresolved"];
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
      delegates: summary.delegates,
      shardsWritten: args.shardsWritten,
    },
    grants: summary.grants,
    rowsRead: summary.rowsRead,
    dropped: summary.dropped,
    revokedByDeny: summary.revokedByDeny,
    unresolved: summary.unresolved,
    groupCycles: summary.groupCycles,
    warnings: summary.warnings,
    problems: args.problems,
    problemsNotListed: args.overflow,
    ...(args.objectIds ? { objectIds: args.objectIds } : {}),
  };
}

const REASON_LABEL: Record<(typeof DROP_REASONS)[number], string> = {
  inherited: "inherited",
  self: "SELF",
  deny: "Deny",
  otherRights: "other rights",
  unknownMailbox: "unknown mailbox",
  unresolvedTrustee: "unresolved trustee",
  ambiguousTrustee: "ambiguous trustee",
  emptyGroup: "empty group",
  unsupportedRecipientType: "unsupported recipient type",
};

/** The summary printed on stderr at the end of a build. */
export function summaryText(report: BuildReport): string {
  const lines: string[] = [];
  const c = report.counts;
  const g = report.grants;
  if (report.ok) {
    lines.push(
      `send-from-admin build: wrote ${count(c.shardsWritten)} shard(s) to ${report.out} (tenant ${report.tenant || '""'}, generated ${report.generatedAt})`
    );
  } else {
    lines.push(
      `send-from-admin build: FAILED, nothing written. ${report.problems.length + report.problemsNotListed} problem(s):`
    );
    for (const p of report.problems) lines.push(`  ${formatProblem(p)}`);
    if (report.problemsNotListed > 0)
      lines.push(`  ... and ${count(report.problemsNotListed)} more`);
  }
  lines.push(
    `  mailboxes ${count(c.mailboxes)}, groups ${count(c.groups)}, recipients ${count(c.recipients)}; delegates ${count(c.delegates)}; grants ${count(g.total)} (Send As ${count(g.sendAs)}, Send on Behalf ${count(g.sendOnBehalf)}, Full Access ${count(g.fullAccess)})`
  );
  const dropped = DROP_REASONS.filter((r) => report.dropped[r] > 0).map(
    (r) => `${REASON_LABEL[r]} ${count(report.dropped[r])}`
  );
  lines.push(`  dropped: ${dropped.length > 0 ? dropped.join(", ") : "nothing"}`);
  if (report.revokedByDeny > 0)
    lines.push(`  rights taken away by Deny entries: ${count(report.revokedByDeny)}`);
  const unresolved = report.dropped.unresolvedTrustee + report.dropped.ambiguousTrustee;
  if (unresolved > 0 && report.unresolved.length > 0) {
    const first = report.unresolved[0];
    lines.push(
      `  unresolved trustees: ${count(unresolved)}, e.g. "${first.value}" (${first.file} line ${first.line}); --report lists up to ${report.unresolved.length}, --strict makes them errors`
    );
  }
  if (report.objectIds) lines.push(...objectIdLines(report.objectIds));
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join("\n")}\n`;
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
