import * as fs from "node:fs";
import * as path from "node:path";
import { SmtpAddress, toSmtpAddress } from "../core/address";
import { MAX_SHARD_BYTES } from "../core/model";
import { sanitizeDisplayName } from "../core/shard";
import { shardFileName } from "../core/shard-name";
import { Columns, CsvSpec, exportFix, readCsv, RowHandler } from "./csv";
import { grantBits, grantDelegate, grantMailbox, GrantTable } from "./grants";
import { GroupMembership } from "./groups";
import {
  EXPORT_INFO,
  GROUP_MEMBERS,
  GROUPS,
  MAILBOXES,
  RECIPIENTS,
  MailboxOnlyColumn,
  REQUIRED_FILES,
  TargetColumn,
} from "./inputs";
import { Problems } from "./problems";
import { RecipientIndex, Resolution } from "./recipients";
import { DENY, PermissionFileResult, permissionSpec, trusteeColumn } from "./permissions";
import { PermissionSource, permissionSource } from "./permission-source";
import { DROP_REASONS, DropReason } from "./rules";
import {
  indexText,
  mailboxJson,
  MailboxFacts,
  mailboxTemplate,
  MailboxTemplate,
  shardText,
} from "./serialize";
import {
  FULL_ACCESS,
  GROUP_KINDS,
  isSmtpAddress,
  kindOf,
  parseFlag,
  SEND_AS,
  SEND_ON_BEHALF,
  smtpFromProxy,
  splitValues,
  unresolvedKind,
} from "./values";

/** `--no-reply-attribute CustomAttributeN[=value]`: which mailboxes are no-reply. */
export interface NoReplyRule {
  /** Column name, e.g. "CustomAttribute7". */
  attribute: string;
  /** When set, the attribute must equal it (case-insensitive); otherwise any non-empty value counts. */
  value?: string;
}

export interface BuildProgress {
  /** A file starts; its size in bytes. */
  file(name: string, bytes: number): void;
  /** Bytes and rows read so far in the current file. */
  advance(bytes: number, rows: number): void;
  /** A later phase starts (no byte count). */
  phase(text: string, total?: number): void;
  /** Items done in the current phase. */
  step(done: number): void;
  /** Ends the current line, if any. */
  done(): void;
}

export interface BuildOptions {
  inDir: string;
  tenant?: string;
  generatedAt?: string;
  strict?: boolean;
  noReply?: NoReplyRule;
  progress?: BuildProgress;
  /** Parse the permission files in worker threads when the compiled workers exist (default true). */
  threads?: boolean;
}

export interface UnresolvedValue {
  file: string;
  line: number;
  column: string;
  value: string;
  kind: "orphanedSid" | "deletedAccount" | "unknown" | "ambiguous";
}

export interface BuildSummary {
  tenant: string;
  tenantFrom: "option" | "export-info" | "mailbox addresses" | "none";
  generatedAt: string;
  generatedAtFrom: "option" | "export-info" | "file times" | "none";
  rowsRead: Record<string, number>;
  recipients: number;
  mailboxes: number;
  groups: number;
  delegates: number;
  grants: { total: number; sendAs: number; sendOnBehalf: number; fullAccess: number };
  dropped: Record<DropReason, number>;
  revokedByDeny: number;
  /** First unresolved or ambiguous trustees (at most MAX_UNRESOLVED_LISTED), with where they are. */
  unresolved: UnresolvedValue[];
  groupCycles: string[][];
  warnings: string[];
}

export interface ShardFile {
  user: string;
  fileName: string;
  text: string;
  /** The user's ExternalDirectoryObjectId as exported (trimmed, not yet checked); "" when none. */
  objectId: string;
}

export interface BuiltDirectory {
  indexText: string;
  /** The shards in file-name-independent order (by user address); generated lazily. */
  shards(): Iterable<ShardFile>;
}

export type BuildResult =
  | { ok: true; directory: BuiltDirectory; summary: BuildSummary }
  | { ok: false; problems: Problems; summary: BuildSummary };

const MAX_UNRESOLVED_LISTED = 100;
const MAX_ALIASES = 1000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isTimestamp(value: string): boolean {
  return value.length <= 40 && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

interface Target extends MailboxFacts {
  line: number;
  file: string;
}

interface PendingSendOnBehalf {
  file: string;
  line: number;
  mailbox: number;
  value: string;
}

function emptySummary(): BuildSummary {
  return {
    tenant: "",
    tenantFrom: "none",
    generatedAt: "",
    generatedAtFrom: "none",
    rowsRead: {},
    recipients: 0,
    mailboxes: 0,
    groups: 0,
    delegates: 0,
    grants: { total: 0, sendAs: 0, sendOnBehalf: 0, fullAccess: 0 },
    dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>,
    revokedByDeny: 0,
    unresolved: [],
    groupCycles: [],
    warnings: [],
  };
}

/**
 * Reads an export folder and computes the directory. Nothing is written: the caller publishes
 * the result (see publish.ts). Fails with problems naming file, line and fix when the export is
 * unusable; rows that are merely noise (SELF, inherited, orphans...) are counted, not errors.
 */
export async function buildDirectory(options: BuildOptions): Promise<BuildResult> {
  const b = new Builder(options);
  return b.run();
}

class Builder {
  private readonly problems = new Problems();
  private readonly summary = emptySummary();
  private readonly recipients = new RecipientIndex();
  private readonly groups = new GroupMembership();
  private readonly table = new GrantTable();
  private readonly targets = new Map<number, Target>();
  private readonly pending: PendingSendOnBehalf[] = [];
  /** ExternalDirectoryObjectId by recipient id, for the service's object-ids.json. */
  private readonly objectIds: string[] = [];
  private exportInfo: { generatedAt?: string; defaultDomain?: string } = {};

  constructor(private readonly options: BuildOptions) {}

  private file(name: string): string {
    return path.join(this.options.inDir, name);
  }

  async run(): Promise<BuildResult> {
    const fail = (): BuildResult => ({ ok: false, problems: this.problems, summary: this.summary });
    if (!this.checkFilesExist()) return fail();
    // The two big permission files are parsed in worker threads while the recipients are indexed.
    const permissionFiles = (["recipient", "mailbox"] as const).map((kind) =>
      permissionSource(this.file(permissionSpec(kind).file), kind, this.options.threads !== false)
    );
    await this.readExportInfo();

    await this.read(RECIPIENTS, (c) => this.recipientRow(c));
    await this.read(MAILBOXES, (c, h) => this.targetRow(MAILBOXES, c, h));
    await this.read(GROUPS, (c, h) => this.targetRow(GROUPS, c, h));
    await this.read(GROUP_MEMBERS, (c) => this.memberRow(c));
    // Only now is every group known with its members, so "empty group" can be told.
    for (const p of this.pending) {
      this.grant(p.file, p.line, "GrantSendOnBehalfTo", p.mailbox, p.value, SEND_ON_BEHALF, false);
    }
    this.pending.length = 0;
    for (const source of permissionFiles) await this.consumePermissions(source);

    this.summary.recipients = this.recipients.size;
    this.settleTimestampAndTenant();
    if (this.problems.count > 0) return fail();
    const directory = this.compute();
    return { ok: true, directory, summary: this.summary };
  }

  private checkFilesExist(): boolean {
    let ok = true;
    try {
      if (!fs.statSync(this.options.inDir).isDirectory()) throw new Error("not a folder");
    } catch {
      this.problems.add({
        file: this.options.inDir,
        message: "the export folder does not exist or is not a folder",
        fix: "pass the folder admin/Export-SendFromData.ps1 wrote (its -OutFolder) as --in",
      });
      return false;
    }
    for (const spec of REQUIRED_FILES) {
      if (!fs.existsSync(this.file(spec.file))) {
        ok = false;
        this.problems.add({
          file: spec.file,
          message: `missing from ${this.options.inDir}`,
          fix: exportFix(spec),
        });
      }
    }
    return ok;
  }

  private async read<K extends string>(
    spec: CsvSpec<K>,
    start: (columns: Columns<K>, header: string[]) => RowHandler
  ): Promise<void> {
    const file = this.file(spec.file);
    const progress = this.options.progress;
    progress?.file(spec.file, fs.statSync(file).size);
    const rows = await readCsv(
      file,
      spec,
      this.problems,
      start,
      progress && ((bytes, n) => progress.advance(bytes, n))
    );
    progress?.done();
    this.summary.rowsRead[spec.file] = rows;
  }

  private async readExportInfo(): Promise<void> {
    const jsonPath = this.file("export-info.json");
    if (fs.existsSync(this.file(EXPORT_INFO.file))) {
      await readCsv(this.file(EXPORT_INFO.file), EXPORT_INFO, this.problems, (c) => (f, line) => {
        this.exportInfo = {
          generatedAt: f[c.GeneratedAt].trim(),
          defaultDomain: c.DefaultDomain >= 0 ? f[c.DefaultDomain].trim() : undefined,
        };
        this.checkExportInfo(EXPORT_INFO.file, line);
      });
    } else if (fs.existsSync(jsonPath)) {
      try {
        const data = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as Record<string, unknown>;
        this.exportInfo = {
          generatedAt: typeof data.generatedAt === "string" ? data.generatedAt : undefined,
          defaultDomain: typeof data.defaultDomain === "string" ? data.defaultDomain : undefined,
        };
        this.checkExportInfo("export-info.json", 1);
      } catch (e) {
        this.problems.add({
          file: "export-info.json",
          line: 1,
          message: `not valid JSON (${e instanceof Error ? e.message : String(e)})`,
          fix: 'write {"generatedAt":"2026-11-01T06:00:00Z","defaultDomain":"contoso.com"} or delete the file',
        });
      }
    }
  }

  private checkExportInfo(file: string, line: number): void {
    const { generatedAt, defaultDomain } = this.exportInfo;
    if (generatedAt && !isTimestamp(generatedAt)) {
      this.problems.add({
        file,
        line,
        column: "GeneratedAt",
        message: `"${generatedAt.slice(0, 60)}" is not an ISO-8601 date and time with a zone`,
        fix: "write it as e.g. 2026-11-01T06:00:00Z, or pass --generated-at",
      });
    }
    if (defaultDomain && defaultDomain.length > 255) {
      this.problems.add({
        file,
        line,
        column: "DefaultDomain",
        message: "longer than 255 characters",
        fix: "write the tenant's default domain, e.g. contoso.com, or pass --tenant",
      });
    }
  }

  /** An address column that must hold one SMTP address; null (with a problem) when it does not. */
  private address(file: string, line: number, column: string, raw: string): SmtpAddress | null {
    const value = toSmtpAddress(smtpFromProxy(raw) ?? raw);
    if (isSmtpAddress(value)) return value;
    this.problems.add({
      file,
      line,
      column,
      message: value ? `"${raw.slice(0, 80)}" is not an SMTP address` : "is empty",
      fix: `export the recipient's PrimarySmtpAddress (${file} is written by admin/Export-SendFromData.ps1)`,
    });
    return null;
  }

  private recipientRow(
    c: Columns<(typeof RECIPIENTS.required)[number] | "UserPrincipalName">
  ): RowHandler {
    return (f, line) => {
      // Recipients without an SMTP address (e.g. some system objects) cannot send or be sent from.
      if (!f[c.PrimarySmtpAddress].trim()) return;
      const address = this.address(
        RECIPIENTS.file,
        line,
        "PrimarySmtpAddress",
        f[c.PrimarySmtpAddress]
      );
      if (!address) return;
      const proxies = this.proxies(RECIPIENTS.file, line, f[c.EmailAddresses]);
      const id = this.recipients.add({
        address,
        displayName: f[c.DisplayName],
        proxies,
        otherAddresses: c.UserPrincipalName >= 0 ? [f[c.UserPrincipalName]] : [],
        names: [f[c.Identity], f[c.Name], f[c.Alias], f[c.ExternalDirectoryObjectId]],
      });
      this.objectIds[id] ||= f[c.ExternalDirectoryObjectId].trim();
    };
  }

  private proxies(file: string, line: number, field: string): SmtpAddress[] {
    const out: SmtpAddress[] = [];
    for (const value of splitValues(field)) {
      const smtp = smtpFromProxy(value);
      if (smtp === null) continue;
      const address = toSmtpAddress(smtp);
      if (isSmtpAddress(address)) out.push(address);
      else
        this.problems.add({
          file,
          line,
          column: "EmailAddresses",
          message: `"${value.slice(0, 80)}" is not an SMTP address`,
          fix: "export EmailAddresses joined with ';' (admin/Export-SendFromData.ps1 does this)",
        });
    }
    return out;
  }

  private flag(file: string, line: number, column: string, value: string): boolean {
    const parsed = parseFlag(value);
    if (parsed !== null) return parsed;
    this.problems.add({
      file,
      line,
      column,
      message: `"${value.slice(0, 40)}" is not True or False`,
      fix: `export ${column} as Exchange returns it (True/False)`,
    });
    return false;
  }

  private targetRow(
    spec: typeof MAILBOXES | typeof GROUPS,
    c: Columns<TargetColumn> & Partial<Columns<MailboxOnlyColumn>>,
    header: string[]
  ): RowHandler {
    const file = spec.file;
    const rule = this.options.noReply;
    let ruleColumn = -1;
    if (rule) {
      ruleColumn = header.findIndex((h) => h.trim().toLowerCase() === rule.attribute.toLowerCase());
      // Groups carry custom attributes too, but a groups.csv from an older export may lack them.
      if (ruleColumn < 0 && spec === MAILBOXES) {
        this.problems.add({
          file,
          line: 1,
          column: rule.attribute,
          message: `--no-reply-attribute names ${rule.attribute}, which this file does not have`,
          fix: `${exportFix(spec)} (it exports CustomAttribute1-15), or drop --no-reply-attribute`,
        });
      }
    }
    return (f, line) => {
      const address = this.address(file, line, "PrimarySmtpAddress", f[c.PrimarySmtpAddress]);
      if (!address) return;
      const opt = (name: TargetColumn) => (c[name] >= 0 ? f[c[name]] : "");
      // Mailboxes are in recipients.csv with the same identity forms; add only the ones missing.
      const id =
        this.recipients.idOf(address) ??
        this.recipients.add({
          address,
          displayName: f[c.DisplayName],
          proxies: opt("EmailAddresses") ? this.proxies(file, line, opt("EmailAddresses")) : [],
          otherAddresses: [opt("UserPrincipalName")],
          names: [opt("Identity"), opt("Name"), opt("Alias"), opt("ExternalDirectoryObjectId")],
        });
      this.objectIds[id] ||= opt("ExternalDirectoryObjectId").trim();
      const kind = kindOf(f[c.RecipientTypeDetails]);
      if (!kind || (spec === MAILBOXES) === GROUP_KINDS.has(kind)) {
        this.summary.dropped.unsupportedRecipientType++;
        return;
      }
      const previous = this.targets.get(id);
      if (previous) {
        this.problems.add({
          file,
          line,
          column: "PrimarySmtpAddress",
          message: `${address} is listed twice (also ${previous.file} line ${previous.line})`,
          fix: "export each mailbox and group once",
        });
        return;
      }
      const isMailbox = spec === MAILBOXES;
      let noReply = this.flag(file, line, "NoReply", opt("NoReply"));
      if (rule && ruleColumn >= 0) {
        const v = f[ruleColumn].trim().toLowerCase();
        noReply ||= rule.value === undefined ? v !== "" : v === rule.value.trim().toLowerCase();
      }
      this.targets.set(id, {
        file,
        line,
        address,
        displayName: sanitizeDisplayName(f[c.DisplayName], address),
        kind,
        sentItemsCopy: {
          // Distribution lists and groups have no Sent Items of their own to copy into.
          sendAs:
            isMailbox &&
            this.flag(
              file,
              line,
              "MessageCopyForSentAsEnabled",
              f[c.MessageCopyForSentAsEnabled ?? -1]
            ),
          sendOnBehalf:
            isMailbox &&
            this.flag(
              file,
              line,
              "MessageCopyForSendOnBehalfEnabled",
              f[c.MessageCopyForSendOnBehalfEnabled ?? -1]
            ),
        },
        noReply,
        hiddenFromAddressLists: this.flag(
          file,
          line,
          "HiddenFromAddressListsEnabled",
          opt("HiddenFromAddressListsEnabled")
        ),
      });
      if (isMailbox) this.summary.mailboxes++;
      else {
        this.summary.groups++;
        this.groups.markGroup(id);
      }
      for (const value of splitValues(f[c.GrantSendOnBehalfTo])) {
        this.pending.push({ file, line, mailbox: id, value });
      }
    };
  }

  private memberRow(c: Columns<(typeof GROUP_MEMBERS.required)[number]>): RowHandler {
    return (f, line) => {
      const group = this.recipients.resolve(f[c.GroupPrimarySmtpAddress]);
      const member = this.recipients.resolve(f[c.MemberPrimarySmtpAddress]);
      if (typeof group === "number" && typeof member === "number") {
        this.groups.addMember(group, member);
        return;
      }
      this.memberSkips++;
      if (!this.memberSkipLine) this.memberSkipLine = line;
    };
  }

  private memberSkips = 0;
  private memberSkipLine = 0;

  /** Consumes one permission file (read by a worker thread when available) in file order. */
  private async consumePermissions(source: PermissionSource): Promise<void> {
    const spec = permissionSpec(source.kind);
    const file = spec.file;
    const column = trusteeColumn(source.kind);
    const progress = this.options.progress;
    progress?.file(file, fs.statSync(this.file(file)).size);
    const dropped = this.summary.dropped;
    let lastIdentity: string | null = null;
    let lastMailbox: Resolution = "unresolved";
    let rows = 0;
    let result: PermissionFileResult;
    try {
      result = await source.consume((batch) => {
        const { identities, trustees, lines, codes } = batch;
        for (let i = 0; i < lines.length; i++) {
          const deny = (codes[i] & DENY) !== 0;
          // Exports list a mailbox's entries together: resolve its Identity once per run of rows.
          const identity = identities[i];
          if (identity !== lastIdentity) {
            lastIdentity = identity;
            lastMailbox = this.recipients.resolve(identity);
          }
          const mailbox = lastMailbox;
          if (typeof mailbox !== "number" || !this.targets.has(mailbox)) {
            if (!deny) dropped.unknownMailbox++;
            continue;
          }
          this.grant(file, lines[i], column, mailbox, trustees[i], codes[i] & 7, deny);
        }
        rows += lines.length;
        progress?.advance(batch.bytesRead, rows);
      });
    } catch (e) {
      progress?.done();
      this.problems.add({
        file,
        message: `could not be read (${e instanceof Error ? e.message : String(e)})`,
        fix: "check that the file is readable, then run the build again",
      });
      return;
    }
    progress?.done();
    this.summary.rowsRead[file] = result.rows;
    for (const [reason, n] of Object.entries(result.dropped))
      dropped[reason as DropReason] += n ?? 0;
    for (const problem of result.problems) this.problems.add(problem);
    this.problems.overflow += result.overflow;
  }

  /** Resolves who a right is granted to (or denied from) and records it, or counts why not. */
  private grant(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    bits: number,
    deny: boolean
  ): void {
    const dropped = this.summary.dropped;
    const who = this.recipients.resolve(value);
    if (typeof who !== "number") {
      // A Deny for someone unknown takes nothing away from anyone known.
      if (deny) return;
      dropped[who === "ambiguous" ? "ambiguousTrustee" : "unresolvedTrustee"]++;
      const entry: UnresolvedValue = {
        file,
        line,
        column,
        value,
        kind: who === "ambiguous" ? "ambiguous" : unresolvedKind(value),
      };
      if (this.summary.unresolved.length < MAX_UNRESOLVED_LISTED)
        this.summary.unresolved.push(entry);
      if (this.options.strict) {
        this.problems.add({
          file,
          line,
          column,
          message:
            who === "ambiguous"
              ? `"${value.slice(0, 80)}" names several recipients`
              : `"${value.slice(0, 80)}" is not a recipient in recipients.csv (${entry.kind})`,
          fix:
            who === "ambiguous"
              ? "grant the right to a unique name (primary SMTP address), or build without --strict to skip it"
              : "remove the stale permission in Exchange (Remove-RecipientPermission / Remove-MailboxPermission / Set-Mailbox -GrantSendOnBehalfTo), re-export, or build without --strict to skip it",
        });
      }
      return;
    }
    if (who === mailbox) {
      if (!deny) dropped.self++;
      return;
    }
    if (this.groups.isGroup(who) && this.groups.usersOf(who).length === 0) {
      if (!deny) dropped.emptyGroup++;
      return;
    }
    if (deny) this.table.addDeny(who, mailbox, bits);
    else this.table.addAllow(who, mailbox, bits);
  }

  private settleTimestampAndTenant(): void {
    const s = this.summary;
    const o = this.options;
    if (o.generatedAt) {
      s.generatedAt = o.generatedAt;
      s.generatedAtFrom = "option";
    } else if (this.exportInfo.generatedAt && isTimestamp(this.exportInfo.generatedAt)) {
      s.generatedAt = this.exportInfo.generatedAt;
      s.generatedAtFrom = "export-info";
    } else {
      // Deterministic without an export timestamp: the newest input file decides.
      let newest = 0;
      for (const spec of REQUIRED_FILES) {
        try {
          newest = Math.max(newest, fs.statSync(this.file(spec.file)).mtimeMs);
        } catch {
          // Reported as missing already.
        }
      }
      s.generatedAt = new Date(Math.floor(newest / 1000) * 1000)
        .toISOString()
        .replace(".000Z", "Z");
      s.generatedAtFrom = "file times";
    }
    if (o.tenant) {
      s.tenant = o.tenant;
      s.tenantFrom = "option";
    } else if (this.exportInfo.defaultDomain) {
      s.tenant = this.exportInfo.defaultDomain.toLowerCase();
      s.tenantFrom = "export-info";
    } else {
      const counts = new Map<string, number>();
      for (const t of this.targets.values()) {
        if (GROUP_KINDS.has(t.kind)) continue;
        const domain = t.address.slice(t.address.lastIndexOf("@") + 1);
        counts.set(domain, (counts.get(domain) ?? 0) + 1);
      }
      // Most mailboxes win; ties go to the alphabetically first domain so the choice is stable.
      let best = "";
      let bestCount = 0;
      for (const [domain, n] of counts) {
        if (n > bestCount || (n === bestCount && domain < best)) {
          best = domain;
          bestCount = n;
        }
      }
      s.tenant = best;
      s.tenantFrom = best ? "mailbox addresses" : "none";
      if (!best) s.warnings.push('No tenant name: pass --tenant <domain>; index.json says "".');
    }
    if (this.memberSkips > 0) {
      s.warnings.push(
        `${this.memberSkips} row(s) of ${GROUP_MEMBERS.file} name a group or member not in recipients.csv (first at line ${this.memberSkipLine}); they were skipped.`
      );
    }
  }

  private compute(): BuiltDirectory {
    const s = this.summary;
    const progress = this.options.progress;
    progress?.phase("expanding groups");
    const addresses = this.recipients.addresses;
    // Shards list mailboxes by address and come out by user address: rank ids by address once,
    // and the grant codes sort into exactly that order.
    const byAddress = addresses
      .map((_, id) => id)
      .sort((x, y) => (addresses[x] < addresses[y] ? -1 : addresses[x] > addresses[y] ? 1 : 0));
    const rank = new Int32Array(addresses.length);
    byAddress.forEach((id, r) => (rank[id] = r));
    const { codes: sorted, revokedByDeny } = this.table.toDelegates(this.groups, rank);
    s.revokedByDeny = revokedByDeny;
    progress?.done();
    s.groupCycles = this.groups.cycles.map((cycle) => cycle.map((id) => addresses[id]));
    for (const cycle of s.groupCycles) {
      s.warnings.push(`Groups nested in a cycle: ${cycle.join(" -> ")} (members counted once).`);
    }

    let delegates = 0;
    let previous = -1;
    for (const code of sorted) {
      const bits = grantBits(code);
      const delegateRank = grantDelegate(code);
      if (delegateRank !== previous) delegates++;
      previous = delegateRank;
      if (bits & SEND_AS) s.grants.sendAs++;
      if (bits & SEND_ON_BEHALF) s.grants.sendOnBehalf++;
      if (bits & FULL_ACCESS) s.grants.fullAccess++;
    }
    s.grants.total = s.grants.sendAs + s.grants.sendOnBehalf + s.grants.fullAccess;
    s.delegates = delegates;

    const generatedAt = s.generatedAt;
    const targets = this.targets;
    const recipients = this.recipients;
    const objectIds = this.objectIds;
    const templates = new Map<number, MailboxTemplate>();
    const template = (id: number): MailboxTemplate => {
      let t = templates.get(id);
      if (!t) {
        t = mailboxTemplate(targets.get(id) as Target);
        templates.set(id, t);
      }
      return t;
    };
    const warnings = s.warnings;

    function* shards(): Iterable<ShardFile> {
      let start = 0;
      let done = 0;
      progress?.phase("writing shards", delegates);
      while (start < sorted.length) {
        const delegateRank = grantDelegate(sorted[start]);
        const entries: string[] = [];
        let end = start;
        for (; end < sorted.length; end++) {
          const code = sorted[end];
          if (grantDelegate(code) !== delegateRank) break;
          entries.push(mailboxJson(template(byAddress[grantMailbox(code)]), grantBits(code)));
        }
        const delegate = byAddress[delegateRank];
        const user = addresses[delegate];
        const aliases = [...new Set(recipients.aliases[delegate] ?? [])]
          .filter((a) => a !== user)
          .sort();
        if (aliases.length > MAX_ALIASES) {
          warnings.push(
            `${user} has ${aliases.length} proxy addresses; the first ${MAX_ALIASES} are published.`
          );
          aliases.length = MAX_ALIASES;
        }
        const text = shardText(generatedAt, user, aliases, entries);
        if (text.length > MAX_SHARD_BYTES) {
          warnings.push(
            `The shard of ${user} is ${(text.length / 1048576).toFixed(1)} MB, over the ${MAX_SHARD_BYTES / 1048576} MB the task pane accepts: the pane will report it as too large. Grant fewer mailboxes to this account.`
          );
        }
        yield { user, fileName: shardFileName(user), text, objectId: objectIds[delegate] ?? "" };
        start = end;
        if ((++done & 1023) === 0) progress?.step(done);
      }
      progress?.step(done);
      progress?.done();
    }

    return { indexText: indexText(generatedAt, s.tenant), shards };
  }
}
