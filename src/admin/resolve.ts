// Resolving: who each exported right goes to. A trustee in any form the exports carry resolves
// to one recipient (recipients.ts); one that does not is diagnosed from what the exports prove
// (rules.ts): a built-in account or group, dropped, or a right lost (any other trustee, domain
// accounts included), which fails the build unless --allow-unresolved, and is then listed.
import { GrantTable } from "./grants";
import { GroupMembership } from "./groups";
import { entraSidToObjectId } from "./values";
import { Problems } from "./problems";
import {
  asciiMangled,
  firstInvisible,
  PendingSendOnBehalf,
  questionCause,
  type UnlistedCause,
} from "./read";
import { RecipientIndex, RefusedRow, Resolution } from "./recipients";
import { trailingDotWarning } from "./shown";
import {
  builtInNameDisagrees,
  builtInLookingName,
  builtInPeopleGroup,
  isLogonGroup,
  builtInSidName,
  diagnoseUnresolved,
  UnresolvedFacts,
  DropReason,
  isBuiltInName,
  isBuiltInSid,
  isEveryone,
  isEveryoneName,
  plainTrustee,
  LOST_REASONS,
  plainBuiltInName,
} from "./rules";
import {
  ansiReadings,
  readAs1252From,
  readingIn,
  misDecodedReadings,
  misDecodedUtf8,
  readAsWindows1252,
  timesText,
} from "./decode";
import { FIX } from "./fixes";
import { ansiPageCause, cmdletFor, FileShape, fixFor, oneEncodingFix, SCRIPT } from "./sources";
import { BuildSummary, LostGrant, MAX_UNRESOLVED_LISTED, UnresolvedValue } from "./summary";
import { FULL_ACCESS, isSelf, SELF_SID, SEND_AS, SEND_ON_BEHALF } from "./values";
import {
  ALLOW,
  DENY_ALLOW,
  denyAllow,
  allowUnless,
  cmd,
  memberCmdlet,
  mixedBefore,
  quote,
  rightOf,
  SPACE_LIKE,
  stripInvisible,
} from "./resolve-texts";
import { QuestionNames } from "./question-names";
import { ListReadings, MAX_COMMA_PIECES, MAX_LONG_SPAN } from "./list-readings";

export interface ResolveOptions {
  /** Also fail on trustees the exports prove gone (orphaned SIDs). */
  strict?: boolean;
  /** Publish although rights are lost; each is listed in the summary and report. */
  allowUnresolved?: boolean;
}

export class Resolver {
  /** Lost rights whose fix waits for the file's shape (known once the file is read). */
  private readonly pendingFixes: { grant: LostGrant; fix: (shape: FileShape) => string }[] = [];
  /** Allow entries given to groups (a few per tenant), to tell what an unknown member loses. */
  /**
   * Rights granted to each group, by the group: `noUser` marks a grant to a group in which the
   * exports name no user at all (only members that name no one), with where it was granted.
   */
  private readonly groupGrants = new Map<
    number,
    { mailbox: number; bits: number; file: string; line?: number; noUser?: boolean }[]
  >();
  /**
   * "file:line:column" of trustees diagnosed as a name written in another ANSI code page: the
   * reader's own "not a name" problem for the same cell gives way to that diagnosis, which names
   * the recipient (one diagnosis per value; rev11c finding 9).
   */
  private readonly ansiDamaged = new Set<string>();
  /** Recipients whose names a "?"-mangled value may be (question-names.ts). */
  private readonly questionNames: QuestionNames;
  /** Which recipients the pieces of a joined Send on Behalf value name (list-readings.ts). */
  private readonly lists: ListReadings;

  constructor(
    private readonly recipients: RecipientIndex,
    private readonly groups: GroupMembership,
    private readonly table: GrantTable,
    private readonly summary: BuildSummary,
    private readonly problems: Problems,
    private readonly shapes: ReadonlyMap<string, FileShape>,
    private readonly options: ResolveOptions
  ) {
    this.questionNames = new QuestionNames(recipients);
    this.lists = new ListReadings(recipients, this.questionNames);
  }

  /**
   * The file the recipients came from: recipients.csv, or for Export-RecipientPermissions' single
   * CSV that file itself (it holds no recipients.csv, so no fix may send the admin there).
   */
  private recipientsFile(file: string): string {
    return this.summary.inputFormat === "export-recipient-permissions" ? file : "recipients.csv";
  }

  private shape(file: string): FileShape {
    return this.shapes.get(file) ?? { file, step: file, source: "otherTool", encoding: "utf-8" };
  }

  /**
   * One GrantSendOnBehalfTo value, as the file holds it (a list joined with ";", "," or ", ", or
   * one name). Display names may hold either separator themselves ("Weiß, Jürgen", "Weiß;
   * Jürgen"), so the value is cut the same way at each (rev11 finding 7): every way to cut it at
   * its ";" (then each piece at its ",") into pieces that each name one recipient is a reading,
   * the whole value unsplit first; one reading, or several that name the same recipients, is
   * granted; readings that name different recipients are reported as ambiguous with two of them,
   * never guessed. A value no cut names in every piece is one unresolved value, reported whole
   * and granting no one (rev11d finding 4: "Martin, Léa" cut at its comma gave "Martin", another
   * recipient's alias, a Send on Behalf Exchange never granted).
   */
  sendOnBehalf(pending: PendingSendOnBehalf): void {
    // A list joined with line breaks (`Out-String`, `-join "\r\n"`) is one joined with ";": no
    // name holds a line break (rev11o finding 2: read as one damaged name, the fix renamed users).
    const p = /[\r\n]/.test(pending.value)
      ? {
          ...pending,
          value: pending.value.replace(/\s*(?:\r\n|\r|\n)\s*/g, ";").replace(/^;+|;+$/g, ""),
        }
      : pending;
    if (p.value.includes(";")) {
      const parts = this.cutList(p, ";");
      if (parts === null) return;
      if (parts.length > 1) {
        // Each piece is one grant in the books (the reader counted the value once).
        this.summary.accounting.considered += parts.length - 1;
        for (const part of parts) this.commaList({ ...p, value: part });
        return;
      }
      this.commaList({ ...p, value: parts[0] });
      return;
    }
    this.commaList(p);
  }

  /**
   * The pieces one value is cut into at `sep` (see sendOnBehalf), or null when it was reported
   * here: its readings name different recipients (ambiguous), or no reading names a recipient in
   * every piece (then the whole value goes to grant(), which says why it names no one, with the
   * pieces that do not name anyone). A list longer than MAX_COMMA_PIECES is weighed with pieces
   * of at most MAX_LONG_SPAN tokens, so the work grows with the list.
   */
  private cutList(p: PendingSendOnBehalf, sep: "," | ";"): string[] | null {
    const tokens =
      sep === ";" ? p.value.split(";").filter((t) => t.trim() !== "") : p.value.split(",");
    const span = tokens.length > MAX_COMMA_PIECES ? MAX_LONG_SPAN : tokens.length;
    let readings = this.lists.commaReadings(tokens, sep, span);
    // A ";" list is the script's own join (Join-Values): cut where pieces name someone and each
    // other piece is diagnosed alone, as before. "," and spaces are kept whole (rev11d finding 4).
    if (readings.length === 0 && sep === ";")
      readings = this.lists.partialReadings(tokens, sep, span);
    if (readings.length === 0) {
      this.unsplit(p, tokens, sep);
      return null;
    }
    const distinct = new Map<string, string[]>();
    for (const r of readings) {
      const key = r
        .map((x) => this.recipients.resolve(x))
        .sort()
        .join(",");
      if (!distinct.has(key)) distinct.set(key, r);
    }
    if (distinct.size > 1) {
      const [first, second] = [...distinct.values()];
      const show = (r: string[]) =>
        r.length === 1
          ? `one recipient, ${quote(r[0])}`
          : `${r.length} recipients, ${r.map(quote).join(" + ")}`;
      this.summary.dropped.ambiguousTrustee++;
      if (this.summary.unresolved.length < MAX_UNRESOLVED_LISTED)
        this.summary.unresolved.push({
          file: p.file,
          line: p.line,
          column: "GrantSendOnBehalfTo",
          value: p.value,
          kind: "ambiguous",
        });
      this.lose(
        {
          file: p.file,
          line: p.line,
          column: "GrantSendOnBehalfTo",
          value: p.value,
          mailbox: this.recipients.addresses[p.mailbox],
          right: "SendOnBehalf",
          reason: "ambiguousTrustee",
          message: `${quote(p.value)} can be read as ${show(first)}, or as ${show(second)}: names in it hold "${sep}" and the list was joined with "${sep}", so the build does not guess`,
          fix: "",
        },
        (shape) => `${fixFor(shape, FIX.sendOnBehalfJoin(sep))}; ${ALLOW}`
      );
      return null;
    }
    return [...distinct.values()][0];
  }

  /**
   * A value no cut names in every piece: one unresolved value, reported whole by grant(). When
   * some pieces name someone, the message says which pieces name no one (the value may be one
   * "Last, First" name, or a list with a name the exports lack): a partial grant could give the
   * right to whoever a piece happens to name.
   */
  private unsplit(p: PendingSendOnBehalf, tokens: string[], sep: "," | ";"): void {
    // The pieces that name no one (a ";"-piece that is a "," list shows its own such pieces).
    const inner = (piece: string) =>
      sep === ";" && piece.includes(",") && !this.lists.identifiable(piece.trim());
    const runs = this.lists.unnamedRuns(tokens, sep);
    const unnamed = runs.unnamed.flatMap((t) =>
      inner(t) ? this.lists.unnamedRuns(t.split(","), ",").unnamed : [t]
    );
    const all = { length: runs.named + unnamed.length };
    const split = all.length > 1 && unnamed.length < all.length;
    this.listUnnamed = split ? { pieces: unnamed, sep } : null;
    this.listNote = split
      ? `; cut at "${sep}", ${unnamed
          .slice(0, 5)
          .map(quote)
          .join(", ")}${unnamed.length > 5 ? ` and ${unnamed.length - 5} more` : ""} ${
          unnamed.length === 1 ? "names" : "name"
        } no one, so the value is not split (it may be one name holding "${sep}") and no piece of it is granted`
      : null;
    try {
      this.grant(
        p.file,
        p.line,
        "GrantSendOnBehalfTo",
        p.mailbox,
        p.value.trim(),
        "",
        SEND_ON_BEHALF,
        false
      );
    } finally {
      this.listNote = null;
      this.listUnnamed = null;
    }
  }

  /** Rights given to Everyone or Authenticated Users (isEveryone): dropped, and said. */
  private readonly everyone: {
    file: string;
    line: number;
    mailbox: string;
    right: string;
    value: string;
  }[] = [];

  /**
   * One summary warning for the rights given to everyone: every user holds them, and the
   * directory, which lists rights per delegate, cannot say so (no shard offers them).
   */
  private reportEveryone(): void {
    this.reportPeopleGroups();
    if (this.everyone.length === 0) return;
    const shown = this.everyone
      .slice(0, 5)
      .map((e) => `${e.right} on ${e.mailbox} (${e.file}, line ${e.line}, ${quote(e.value)})`);
    this.summary.warnings.push(
      `${this.everyone.length} right(s) given to everyone (Everyone S-1-1-0 or Authenticated Users S-1-5-11): every user holds them in Exchange, but the directory lists rights per delegate and cannot express "everyone", so no shard offers them (counted as built-in account): ${shown.join("; ")}${this.everyone.length > 5 ? "; ..." : ""}. To offer such a mailbox in the pane, grant the right to the users or a group of them instead.`
    );
    this.everyone.length = 0;
  }

  /** One summary warning for the rights given to built-in groups of people (peopleGroups). */
  private reportPeopleGroups(): void {
    if (this.peopleGroups.length === 0) return;
    const groups = this.peopleGroups
      .slice(0, 5)
      .map((e) => `${e.right} on ${e.mailbox} (${e.file}, line ${e.line}, ${quote(e.value)})`);
    this.summary.warnings.push(
      `${this.peopleGroups.length} right(s) given to a built-in group of people (DOMAIN\\Domain Users, Domain Admins, an Exchange role group such as Organization Management, a BUILTIN group...) whose members no export lists: its members hold them in Exchange, but no shard offers them to anyone (counted as built-in account): ${groups.join("; ")}${this.peopleGroups.length > 5 ? "; ..." : ""}. To offer such a mailbox in the pane, grant the right to the users or a mail-enabled group of them instead.`
    );
    this.peopleGroups.length = 0;
  }

  /**
   * Rights given to a built-in group of people (rules.builtInPeopleGroup: Domain Users...): its
   * members may be delegates, and the exports list none of them, so said (rev11k finding 4: an
   * Allow for CONTOSO\Domain Users was only counted, exit 0).
   */
  private readonly peopleGroups: typeof this.everyone = [];

  /** Said after "names no recipient" of a list value that unsplit() reports whole. */
  private listNote: string | null = null;
  /** The pieces of that value that name no one, and its separator: what its fix checks. */
  private listUnnamed: { pieces: string[]; sep: "," | ";" } | null = null;

  /** One value (or one ";"-piece of it) cut at its "," and granted piece by piece. */
  private commaList(p: PendingSendOnBehalf): void {
    const parts = p.value.includes(",") ? this.cutList(p, ",") : [p.value];
    if (parts === null) return;
    const spaced = parts.length === 1 ? this.lists.spaceList(parts[0]) : null;
    if (spaced) {
      // One grant per piece in the books, as for a ";" or "," list.
      this.summary.accounting.considered += spaced.length - 1;
      for (const part of spaced)
        this.grant(
          p.file,
          p.line,
          "GrantSendOnBehalfTo",
          p.mailbox,
          part,
          "",
          SEND_ON_BEHALF,
          false
        );
      return;
    }
    if (parts.length === 1) {
      this.grant(
        p.file,
        p.line,
        "GrantSendOnBehalfTo",
        p.mailbox,
        parts[0],
        "",
        SEND_ON_BEHALF,
        false
      );
      return;
    }
    // Each piece is one grant in the books (the reader counted the value once): every piece
    // names one recipient, or is one's name damaged (then a lost grant of its own, diagnosed alone).
    this.summary.accounting.considered += parts.length - 1;
    for (const part of parts) {
      this.grant(p.file, p.line, "GrantSendOnBehalfTo", p.mailbox, part, "", SEND_ON_BEHALF, false);
    }
  }

  /** Resolves who a right is granted to (or denied from) and records it, or says why not. */
  grant(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    sid: string,
    bits: number,
    deny: boolean
  ): void {
    const dropped = this.summary.dropped;
    // A name and a well-known SID in the same row that disagree: the same conflict as two
    // recipients' (rev11i finding 5); never SELF, never the name's, never an Everyone Deny.
    // Most rows (an address beside a user's SID) can be no built-in nor Everyone: their checks
    // all say no, so they are skipped (rules.plainTrustee).
    const plain = plainTrustee(value, sid);
    const conflict = sid && !plain ? this.builtInConflict(file, value, sid) : null;
    if (conflict === "nameOnly") sid = "";
    const known = conflict === "nameOnly" ? null : conflict;
    if (known === "self") {
      if (!deny) dropped.self++;
      return;
    }
    if (known !== null && known !== "byName") {
      this.nameSidConflict(
        { file, line, column, mailbox, value, sid, bits, ...known.pair },
        deny,
        known.damage
      );
      return;
    }
    // A Deny for Everyone or Authenticated Users: Exchange refuses the right to every holder
    // (a Deny wins), applied once every Allow is in (judgeEveryoneDenies; rev11h finding 7).
    // A Deny the build cannot place on one recipient is judged once every Allow is in (finish(),
    // unplace).
    // A recipient may be named like a built-in ("Everyone", a real group): the row's SID decides
    // when it is that recipient's (rev11k finding 1: a group named Everyone with its own SID was
    // read as the built-in, and its Deny withheld the right from every user, exit 0). With no SID
    // the name is either, and the build does not guess: a Deny unplaced, an Allow lost.
    const namedLikeBuiltIn =
      !plain && known === null && isEveryone(value, "") && !isEveryone("", sid)
        ? sid
          ? this.sidOwner(sid) !== null
            ? "recipient"
            : null
          : this.recipients.resolve(value) !== "unresolved"
            ? "either"
            : null
        : null;
    if (namedLikeBuiltIn === "either") {
      if (deny) this.unplace(file, line, column, mailbox, value, bits, "unresolved", sid);
      else this.unresolved(file, line, column, mailbox, value, sid, bits, "everyone");
      return;
    }
    if (deny && !plain && known === null && namedLikeBuiltIn === null && isEveryone(value, sid)) {
      // An empty trustee beside Everyone's SID is shown by its SID (rev11k finding 11, a10).
      this.everyoneDenies.push({ file, line, mailbox, bits, value: value.trim() || sid.trim() });
      return;
    }
    let who = this.recipients.resolve(value);
    // "anna@contoso.com." is the same mailbox as "anna@contoso.com" (RFC 1034), as in the
    // address columns (ExportReader.address): read without the dot, with a warning (f11c item 5).
    const bare = who === "unresolved" ? this.recipients.dotless(value) : null;
    if (bare) {
      who = bare.who;
      this.summary.warnings.push(trailingDotWarning(file, line, column, value, bare.address));
    }
    // A name that matches no one may still be matched by the row's SID (exports with a Sid column).
    // An Entra SID (S-1-12-1-...) is matched through the object id it encodes, Sid column or not.
    if (
      who === "unresolved" &&
      sid &&
      (this.recipients.hasSids || /^S-1-12-1-/i.test(sid.trim()))
    ) {
      who = this.recipients.resolveSid(sid);
      // A name that is several trustees joined, one of them the SID's owner or not: the others'
      // rights are in the cell too, so the SID does not decide (rev11j finding 1).
      if (
        typeof who === "number" &&
        column !== "GrantSendOnBehalfTo" &&
        this.joinedTrustees(value, who)
      ) {
        if (deny) this.unplace(file, line, column, mailbox, value, bits, "joined", sid);
        else this.unresolved(file, line, column, mailbox, value, sid, bits, "unresolved");
        return;
      }
      // An account's name the exports do not have (DOMAIN\name when they list every logon name,
      // or a built-in's name: "CONTOSO\Domänen-Benutzer", "Domain Users") beside a recipient's
      // SID: a group or someone else, the same conflict as two recipients', never the SID's
      // owner's right (rev11m finding 1: a Deny for "CONTOSO\SG-Alle" with Chloé's SID was
      // applied to Chloé alone, and its Allow twin gave her the right, exit 0).
      if (
        typeof who === "number" &&
        this.namesAccountOutsideExports(value, who) &&
        this.damagedName(file, value, "trustee") === null
      ) {
        this.nameSidConflict(
          { file, line, column, mailbox, value, sid, byName: -1, bySid: who, bits, unnamed: true },
          deny,
          null
        );
        return;
      }
      // A damaged name (mis-decoded, hidden or space-like character, "?") that, repaired, names
      // someone other than the SID's owner is the same conflict as a clean one (rev11h finding 2:
      // "JÃ¼rgen WeiÃŸ" with Lea's SID gave Lea Jürgen's right, exit 0).
      if (typeof who === "number") {
        const damage = this.damagedName(file, value, "trustee");
        const owners = damage ? this.damagedNameOwners(value) : [];
        if (damage && owners.length > 0 && !owners.includes(who)) {
          this.nameSidConflict(
            { file, line, column, mailbox, value, sid, byName: owners[0], bySid: who, bits },
            deny,
            damage
          );
          return;
        }
      }
    }
    // A name and a SID that name two different recipients: the files are from different runs or
    // a Sid column is wrong, and the build does not pick one (rev11c finding 2).
    if (typeof who === "number" && sid && this.recipients.hasSids) {
      const bySid = this.recipients.resolveSid(sid);
      if (typeof bySid === "number" && bySid !== who) {
        this.nameSidConflict(
          { file, line, column, mailbox, value, sid, byName: who, bySid, bits },
          deny,
          null
        );
        return;
      }
      // A SID the exports prove is no recipient's (the orphaned-SID proof: every recipient
      // carries a Sid, none this one) beside a recipient's name: the principal is not that
      // recipient (a group or user without mail, which Get-EXORecipient does not list, named
      // like it), the same conflict as two recipients', never granted by the name (rev11q
      // finding 3: a security group "Vertrieb" gave its right to the mailbox Vertrieb, exit 0).
      if (bySid === "unresolved" && this.sidOfNoRecipient(sid)) {
        this.nameSidConflict(
          {
            file,
            line,
            column,
            mailbox,
            value,
            sid,
            byName: who,
            bySid: -1,
            bits,
            noRecipient: true,
          },
          deny,
          null
        );
        return;
      }
    }
    // A name several recipients share is told apart by the row's SID when it is one of theirs:
    // the SID is the account itself, not a guess.
    if (who === "ambiguous" && sid && this.recipients.hasSids) {
      const bySid = this.recipients.resolveSid(sid);
      if (typeof bySid === "number" && this.recipients.candidates(value).includes(bySid))
        who = bySid;
    }
    // A trustee written as a SID itself (Exchange prints one it cannot name) matches a Sid column.
    if (who === "unresolved" && this.recipients.hasSids && /^S-1-\d+(-\d+)+$/i.test(value.trim())) {
      who = this.recipients.resolveSid(value);
    }
    // A value several recipients share, of whom only one can hold a right at all (a user and a
    // mail contact with one display name): Exchange could only have granted it to that one.
    if (who === "ambiguous") {
      const able = this.recipients
        .candidates(value)
        .filter((id) => this.recipients.cannotSignIn(id) === undefined);
      if (able.length === 1 && able.length < this.recipients.candidates(value).length)
        who = able[0];
    }
    if (typeof who !== "number") {
      // A Deny for someone unknown takes nothing away from anyone known; one that names several
      // recipients may take a right from any of them (checked once every Allow is in: finish).
      if (deny) {
        if (who === "ambiguous")
          this.ambiguousDenies.push({ file, line, column, mailbox, value, bits, sid });
        // A damaged name may be a known recipient's, and an unknown trustee a group of known
        // users: Exchange may deny the right to someone the directory offers it to (rev11c 1).
        // Trustees joined into one cell: the Deny is for one or all of them (rev11j finding 1).
        else
          this.unplace(
            file,
            line,
            column,
            mailbox,
            value,
            bits,
            column !== "GrantSendOnBehalfTo" && this.joinedTrustees(value)
              ? "joined"
              : "unresolved",
            sid
          );
        return;
      }
      this.unresolved(file, line, column, mailbox, value, sid, bits, who);
      return;
    }
    if (who === mailbox) {
      if (!deny) dropped.self++;
      return;
    }
    const noSignIn = this.recipients.cannotSignIn(who);
    if (noSignIn) {
      // A Deny on it takes nothing from anyone who can sign in.
      if (!deny) this.noSignInTrustee(file, line, column, mailbox, value, who, noSignIn, bits);
      return;
    }
    // A distribution group holds no Full Access or Send As in Exchange (it is in no security
    // token): an Allow reaches none of its members and is lost, a Deny takes nothing from them
    // (rev11q finding 2). Send on Behalf through it is granted as through any group.
    if (bits & ~SEND_ON_BEHALF) {
      const distribution = this.groups.distributionType(who);
      if (distribution !== undefined) {
        if (deny) this.distributionDeny(file, line, column, mailbox, who, distribution, bits);
        else this.distributionTrustee(file, line, column, mailbox, value, who, distribution, bits);
        return;
      }
      // A group the exports do not tell security or distribution (a MailNonUniversalGroup
      // without GroupType): whether its members hold the right, or are denied it, cannot be
      // told, so an Allow is lost and a Deny one the build cannot place (rev11r finding 4).
      const unknownType = this.groups.categoryUnknownType(who);
      // One the script's group-members.csv proves empty is an empty group whatever its category
      // (rev11t finding 4): read as a typed one below.
      if (unknownType !== undefined && !this.provenEmpty(who)) {
        if (deny)
          this.categoryDenies.push({
            file,
            line,
            column,
            mailbox,
            value,
            bits,
            holder: who,
            group: who,
          });
        else this.categoryUnknown(file, line, column, mailbox, value, who, who, unknownType, bits);
        return;
      }
    }
    if (this.groups.isUntyped(who)) {
      // It may be a group whose members are known users: a Deny on it is judged in finish().
      if (!deny) this.untyped(file, line, column, mailbox, value, who, bits);
      else this.unplace(file, line, column, mailbox, value, bits, "group", "");
      return;
    }
    if (this.groups.isGroup(who)) {
      if (this.groups.isUnlisted(who)) {
        // Its members are not known: a Deny on it may take the right from any holder (finish()).
        if (!deny) this.unlistedGroup(file, line, column, mailbox, value, who, who, bits);
        else this.unplace(file, line, column, mailbox, value, bits, "group", "");
        return;
      }
      const unlisted = this.groups.unlistedWithin(who, (bits & ~SEND_ON_BEHALF) !== 0);
      // Groups of unknown category nested in it: what their members hold through it is lost. One
      // the script's group-members.csv proves empty passes nothing to anyone (rev11t finding 4).
      const unknownCategory =
        bits & ~SEND_ON_BEHALF
          ? this.groups.categoryUnknownWithin(who).filter((g) => !this.provenEmpty(g))
          : [];
      if (deny) {
        // Members the exports do not name (a nested group without member list, a member row
        // that names no recipient) are denied too: a Deny the build cannot place, judged once
        // every Allow is in, never dropped (rev11t finding 8: sdeny2, sdeny3, sdeny5).
        for (const inner of unlisted)
          this.unplacedGroupDeny(file, line, column, mailbox, value, bits, {
            text: `the Deny is held by the group ${this.groupName(who)}, which holds ${this.groupName(inner)}, a group whose members the exports do not list`,
            holder: who,
            fix: () =>
              fixFor(
                this.shape("group-members.csv"),
                FIX.groupMembers(
                  this.recipients.addresses[inner],
                  memberCmdlet(this.groups.unlistedType(inner), this.recipients.addresses[inner])
                )
              ),
          });
        if (unlisted.length === 0 && this.groups.hasUnknownWithin(who))
          this.unplacedGroupDeny(file, line, column, mailbox, value, bits, {
            text: `the Deny is held by the group ${this.groupName(who)}, which has (itself or in a group inside it) a member row in group-members.csv that names no one recipient in the exports (a group the exports miss, maybe), so who the Deny reaches is not known`,
            holder: who,
            fix: () =>
              `export recipients.csv and group-members.csv in one run (a member added while exporting?); ${fixFor(this.shape("group-members.csv"), FIX.membersByAddress())}`,
          });
      }
      if (this.groups.usersOf(who).length === 0) {
        if (deny) return;
        if (unknownCategory.length > 0 && unlisted.length === 0) {
          // No user in it at all, but a group that may pass the right to members the exports
          // cannot name: lost through each such group, never an empty group.
          this.summary.accounting.considered += unknownCategory.length - 1;
          for (const inner of unknownCategory)
            this.categoryUnknown(file, line, column, mailbox, value, who, inner, "", bits);
          return;
        }
        if (unlisted.length === 0 && this.groups.hasUnknownWithin(who)) {
          // No user found, but member rows that name no one (in it or a group nested in it): not
          // an empty group, the right is lost through each such member, reported with its
          // group-members.csv line by unknownMembers (f11 gap 1). The row itself is replaced by
          // those losses in the books, as a grant to a group is by its members.
          this.summary.accounting.considered--;
          const list = this.groupGrants.get(who);
          const grant = { mailbox, bits, file, line, noUser: true };
          if (list) list.push(grant);
          else this.groupGrants.set(who, [grant]);
          return;
        }
        if (unlisted.length === 0) {
          // Listed in groups.csv with no member rows: the group really is empty. No one loses a
          // right today, but the admin may not expect it. A group whose rows name only mail
          // contacts gives the right to no one either: Exchange lets no contact hold it.
          dropped.emptyGroup++;
          if (this.emptyGroupWarnings++ < MAX_UNRESOLVED_LISTED)
            this.summary.warnings.push(
              `${file}, line ${line}, column ${column}: ${rightOf(bits)} on ${this.recipients.addresses[mailbox]} is granted to the group ${this.recipients.addresses[who]}, ${
                this.groups.hasOtherRows(who)
                  ? `whose members in ${this.summary.inputFormat === "export-recipient-permissions" ? file : "group-members.csv"} are only recipients that cannot sign in (mail contacts)`
                  : this.summary.inputFormat === "export-recipient-permissions"
                    ? `which has no member row in ${file} while other groups have (Export-RecipientPermissions ran with ExpandGroups, which lists every trustee group's members)`
                    : "which groups.csv lists and group-members.csv lists with no member"
              }: it gives the right to no one (an empty group).`
            );
          return;
        }
        // Only groups without member list inside: the row is lost through each of them.
        this.summary.accounting.considered += unlisted.length - 1;
        for (const inner of unlisted)
          this.unlistedGroup(file, line, column, mailbox, value, who, inner, bits);
        return;
      }
      if (!deny) {
        this.summary.accounting.considered += unlisted.length;
        for (const inner of unlisted)
          this.unlistedGroup(file, line, column, mailbox, value, who, inner, bits);
        if (bits & ~SEND_ON_BEHALF) this.distributionNested(file, line, column, mailbox, who, bits);
        const uncertain = this.uncertainThrough(who, bits, unknownCategory);
        this.summary.accounting.considered += uncertain.length;
        for (const inner of uncertain)
          this.categoryUnknown(file, line, column, mailbox, value, who, inner, "", bits);
      } else
        for (const inner of this.uncertainThrough(who, bits, unknownCategory))
          this.categoryDenies.push({
            file,
            line,
            column,
            mailbox,
            value,
            bits,
            holder: who,
            group: inner,
          });
    }
    if (deny) this.table.addDeny(who, mailbox, bits);
    else {
      this.table.addAllow(who, mailbox, bits);
      this.summary.accounting.granted++;
      if (this.groups.isGroup(who)) {
        const list = this.groupGrants.get(who);
        if (list) list.push({ mailbox, bits, file });
        else this.groupGrants.set(who, [{ mailbox, bits, file }]);
      }
    }
  }

  private emptyGroupWarnings = 0;

  /**
   * A trustee name and a built-in SID (rules.isBuiltInSid) in one row that name two different
   * principals (rev11i finding 5: "yamada@..." with S-1-5-10 was dropped as SELF, "chloe@..."
   * with S-1-1-0 read as an Everyone Deny, "NT AUTHORITY\SELF" with Chloé's SID granted Chloé
   * the right). A misaligned Sid column (Excel's "sort this column only") writes such rows.
   * Returns the conflict's pair (byName or bySid -1 for the built-in side) and the name's damage
   * when a damaged name repairs to a recipient; "self" for the SELF SID beside a name no
   * recipient has (a localised SELF name); "byName" when the name names several recipients (the
   * row is then read by its name: lost or an ambiguous Deny, never the SID's account); null when
   * name and SID agree or tell nothing (the rows are read as before).
   */
  private builtInConflict(
    file: string,
    value: string,
    sid: string
  ):
    | null
    | "self"
    | "byName"
    | "nameOnly"
    | {
        pair: Pick<NameSidConflict, "byName" | "bySid" | "builtIn">;
        damage: { message: string; fix: (shape: FileShape) => string } | null;
      } {
    const v = value.trim();
    const s = sid.trim();
    // A trustee written as a SID (Exchange prints one it cannot name, or a pasted one) and a
    // different SID in the row's Sid column: two accounts, the same conflict as a name's (rev11k
    // finding 2: "S-1-5-21-…-1102" (Yamada) with Chloé's SID gave Chloé the right, exit 0).
    if (SID_TEXT.test(v) && SID_TEXT.test(s) && v.toUpperCase() !== s.toUpperCase()) {
      const nameOwner = this.sidOwner(v);
      const sidOwner = this.sidOwner(s);
      const nameBuiltIn = nameOwner === null ? builtInSidName(v) : null;
      const sidBuiltIn = sidOwner === null ? builtInSidName(s) : null;
      // Neither a recipient's: read as before (a built-in or an unknown account either way).
      if (nameOwner === null && sidOwner === null) return null;
      // Two SIDs of one recipient (her Entra SID as the trustee, her domain SID in the Sid
      // column): the same account, no conflict (rev11l finding 5: Chloé's right was lost).
      if (nameOwner === sidOwner) return null;
      return {
        pair: {
          byName: nameOwner ?? -1,
          bySid: sidOwner ?? -1,
          builtIn: nameBuiltIn ?? sidBuiltIn ?? undefined,
        },
        damage: null,
      };
    }
    const sidName = builtInSidName(s);
    if (sidName === null) {
      // A built-in account's name with a person's SID: the SID's recipient, if the exports have one.
      if (!builtInNameDisagrees(v, s)) return null;
      const bySid = this.recipients.resolveSid(s);
      if (typeof bySid !== "number" || this.recipients.resolve(v) === bySid) return null;
      return { pair: { byName: -1, bySid, builtIn: v }, damage: null };
    }
    if (v === "" || v.toUpperCase() === s.toUpperCase()) return null;
    // A domain's well-known account with a mailbox (DOMAIN\Administrator, RID 500) is a
    // recipient: its own SID in the Sid column decides, as for any domain SID.
    if (typeof this.recipients.resolveSid(s) === "number") return null;
    const who = this.recipients.resolve(v);
    if (who === "ambiguous") return "byName";
    if (typeof who === "number") {
      // Without the recipient's own SID in the exports a domain user's fixed RID (500
      // Administrator, 501 Guest) may be its own; 512 and above are groups (Domain Admins, Domain
      // Users...), never one user's (rev11k finding 5: "chloe@…" with RID 513 gave Chloé the right).
      // Any other RID below 1000 is a group (525 Protected Users...: rev11m finding 1).
      const rid = Number(/-(\d+)$/.exec(s)?.[1] ?? "0");
      if (/^S-1-5-21-/i.test(s) && (rid === 500 || rid === 501) && !this.recipients.hasOwnSid(who))
        return null;
      return { pair: { byName: who, bySid: -1, builtIn: sidName }, damage: null };
    }
    const damage = this.damagedName(file, v, "trustee");
    const owners = damage ? this.damagedNameOwners(v) : [];
    if (damage && owners.length > 0)
      return { pair: { byName: owners[0], bySid: -1, builtIn: sidName }, damage };
    // Trustees joined into one cell beside SELF's SID ("NT AUTHORITY\SELF;chloe", or with ","):
    // read on as a name, so the joined cell is a lost right, never dropped as SELF with Chloé's
    // right in it (rev11k follow-up, g12d item 6).
    // Joined by a space, " & " or "," too, beside the built-in's name or SID string ("NT
    // AUTHORITY\SELF chloe@…", "S-1-5-10,chloe@…": rev11l finding 2): the same test as any
    // joined cell (joinedTrustees), so Chloé's right is lost and said, never dropped as SELF.
    // Only a value that is exactly a built-in's name is dropped as SELF: one with more in it (a
    // space other than ASCII's, brackets, quotes: "NT AUTHORITY\SELF\u00A0chloe@…", "…SELF
    // (chloe@…)") is read by its name alone, as without a SID, so the right is lost and said, never
    // dropped with Chloé's right in it (rev11m finding 3).
    if (s.toUpperCase() === SELF_SID)
      return this.joinedTrustees(v) !== null ? null : plainBuiltInName(v) ? "self" : "nameOnly";
    return null;
  }

  /** Deny entries for Everyone / Authenticated Users (rules.isEveryone), judged in finish(). */
  private readonly everyoneDenies: {
    file: string;
    line: number;
    mailbox: number;
    bits: number;
    value: string;
  }[] = [];

  /**
   * A Deny for Everyone (S-1-1-0) or Authenticated Users (S-1-5-11) takes the right it denies on
   * that mailbox from every holder: Exchange evaluates Deny before Allow, and every user is in
   * those groups (Microsoft, "Well-known SIDs"; rev11h finding 7: the right stayed published,
   * exit 0). The right is withheld from each principal that holds it there (a group's Deny
   * reaches its members), and one summary warning per Deny names the mailbox and the holders.
   * The row is already counted under "deny".
   */
  private judgeEveryoneDenies(): void {
    const a = this.recipients.addresses;
    for (const d of this.everyoneDenies) {
      const principals = [...new Set(this.table.allowedOn(d.mailbox, d.bits))];
      if (principals.length === 0) continue;
      const users = new Set<number>();
      for (const p of principals) {
        this.table.addDeny(p, d.mailbox, d.bits);
        if (this.groups.isGroup(p)) for (const u of this.groups.usersFor(p, d.bits)) users.add(u);
        else users.add(p);
      }
      const shown = [...users].slice(0, 5).map((u) => a[u]);
      this.summary.warnings.push(
        `${d.file}, line ${d.line}: a Deny of ${rightOf(d.bits)} on ${a[d.mailbox]} for ${quote(d.value)} (everyone): Exchange refuses that right on it to every user, so no shard offers it; withheld from ${users.size} delegate(s)${shown.length > 0 ? `: ${shown.join(", ")}${users.size > 5 ? " and others" : ""}` : ""}. If they should have it, remove the Deny in Exchange.`
      );
    }
    this.everyoneDenies.length = 0;
  }

  /** Deny entries whose trustee names several recipients (grant), judged in finish(). */
  private readonly ambiguousDenies: {
    file: string;
    line: number;
    column: string;
    mailbox: number;
    value: string;
    bits: number;
    sid: string;
  }[] = [];

  /**
   * An ambiguous Deny (rev11 finding 17): when a recipient it may name holds the same right on
   * the mailbox (directly or through a group), Exchange may refuse that right while the pane would
   * offer it. It is reported as a lost right naming the candidates, and the right is withheld from
   * each of them (with --allow-unresolved the directory promises nothing Exchange may deny).
   */
  /**
   * The recipients a damaged trustee name could name once repaired: the one repairedTrustee
   * finds, each recipient a "?" may stand for, and a name read in another ANSI code page. Empty
   * when no repair names anyone. Only asked for a name that damagedName flags.
   */
  private damagedNameOwners(value: string): number[] {
    const ids = new Set<number>();
    const add = (text: string) => {
      const id = text ? this.recipients.resolve(text) : "unresolved";
      if (typeof id === "number") ids.add(id);
    };
    const repaired = this.repairedTrustee(value);
    if (repaired !== null) ids.add(repaired);
    if (value.includes("?")) for (const c of this.questionNames.candidates(value)) add(c);
    for (const reading of ansiReadings(value)) add(reading.text);
    return [...ids];
  }

  /**
   * Whether a trustee that names no recipient is an account's name all the same: DOMAIN\name
   * when the exports list logon names (SamAccountName) and none is this one, or a built-in
   * account's or group's name in any form (rules.builtInLookingName). An address or a display
   * name is not: only these are names of accounts the exports would have listed. DOMAIN\name
   * whose name is one of `owner`'s (the SID's recipient: her alias, Name or display name, as
   * Exchange Online writes "NAMPR01A001\Chloé Martin") is hers, not another account.
   */
  private namesAccountOutsideExports(value: string, owner: number): boolean {
    const v = value.trim();
    if (v.includes("@")) return false;
    if (builtInLookingName(v)) return true;
    const backslash = v.indexOf("\\");
    if (backslash <= 0 || backslash >= v.length - 1 || !this.recipients.hasSams) return false;
    return !this.recipients.candidates(v.slice(backslash + 1)).includes(owner);
  }

  /** Deny entries whose trustee name and SID name two different recipients (finish()). */
  private readonly conflictDenies: (NameSidConflict & { damage: string | null })[] = [];

  /**
   * A row whose trustee name (clean, or damaged and repaired: `damage`) names `byName` while its
   * SID is `bySid`'s (rev11c finding 2, rev11h findings 2 and 3). An Allow is a lost right,
   * never granted to either. A Deny is withheld from both (Exchange applies it to one of them,
   * and a Deny wins), and, when either holds the right it denies on that mailbox, reported as a
   * lost right that fails the build unless --allow-unresolved (judgeConflictDenies).
   */
  private nameSidConflict(
    c: NameSidConflict,
    deny: boolean,
    damage: { message: string; fix: (shape: FileShape) => string } | null
  ): void {
    if (deny) {
      // A SID proven no recipient's: the Deny is not the name's recipient's, and whose it is
      // the build cannot tell (judgeConflictDenies names every holder).
      if (c.bySid >= 0) this.table.addDeny(c.bySid, c.mailbox, c.bits);
      if (c.byName >= 0 && !c.noRecipient) this.table.addDeny(c.byName, c.mailbox, c.bits);
      this.conflictDenies.push({ ...c, damage: damage ? damage.message : null });
      return;
    }
    this.sidConflict(c, damage);
  }

  /**
   * What a name-vs-SID conflict says: which recipient the name names, and whose the SID is; a
   * built-in side (`builtIn`, byName or bySid -1) is named as the account it is.
   */
  private conflictText(
    value: string,
    sid: string,
    byName: number,
    bySid: number,
    damage: string | null,
    builtIn?: string,
    unnamed?: boolean,
    noRecipient?: boolean
  ): string {
    const a = this.recipients.addresses;
    if (noRecipient && byName >= 0 && !damage) {
      // The SID is proven no recipient's (sidOfNoRecipient): the principal is not the name's.
      const refused = this.refusedBySid(sid);
      return `${quote(value)} names ${a[byName]}, but the row's SID ${sid.trim()} is ${
        refused
          ? `the SID of the recipient at ${refused.file} line ${refused.line}, whose row was ${refused.fix ? "skipped" : "refused"} (${refused.why})`
          : "no recipient's in the exports (every exported recipient that can have a domain SID carries a Sid, none this one)"
      }, so the principal is not ${a[byName]}: likely a group or user without mail named like it (Get-EXORecipient does not list them), so the build does not guess who`;
    }
    const named =
      byName >= 0
        ? `names ${a[byName]}`
        : unnamed
          ? "names an account or group no export lists"
          : !SID_TEXT.test(value.trim())
            ? "is a built-in account's name"
            : builtInSidName(value.trim()) !== null
              ? `is the well-known SID of ${builtInSidName(value.trim())}`
              : "is a SID no recipient in the exports has";
    const owner =
      bySid >= 0
        ? `${a[bySid]}'s in the exports`
        : builtIn !== undefined && builtInSidName(sid.trim()) !== null
          ? `the well-known SID of ${builtIn} (no mailbox user's)`
          : "no recipient's in the exports";
    return damage
      ? `${damage}; repaired, it ${named}, but the row's SID ${sid.trim()} is ${owner}: the name is damaged and the SID names someone else, so the build does not guess who`
      : `${quote(value)} ${named}, but the row's SID ${sid.trim()} is ${owner}: the files are from different runs or a Sid column is wrong, so the build does not guess who`;
  }

  /** A grant whose trustee name and SID name two different recipients: lost, never guessed. */
  private sidConflict(
    {
      file,
      line,
      column,
      mailbox,
      value,
      sid,
      byName,
      bySid,
      bits,
      builtIn,
      unnamed,
      noRecipient,
    }: NameSidConflict,
    damage: { message: string; fix: (shape: FileShape) => string } | null
  ): void {
    const a = this.recipients.addresses;
    this.loseUnmatched(
      { file, line, column, value, mailbox: a[mailbox], bits },
      {
        message: `${this.conflictText(value, sid, byName, bySid, damage ? damage.message : null, builtIn, unnamed, noRecipient)} holds the right`,
      },
      (shape) =>
        damage ? damage.fix(shape) : noRecipient ? noRecipientFix(sid, a[byName]) : conflictFix(sid)
    );
  }

  /**
   * Each Deny whose name and SID name two recipients (nameSidConflict), once every Allow is in:
   * when either of them holds the right it denies on that mailbox (directly or through a group),
   * the right is withheld and reported as lost, as the same conflict on an Allow is (rev11h
   * finding 3: it was taken away silently, exit 0). The Deny row is already counted under "deny".
   */
  private judgeConflictDenies(): void {
    for (const d of this.conflictDenies) {
      // A SID proven no recipient's: the Deny is for an account without mail (a group, maybe),
      // never the name's recipient's, so it is one the build cannot place (rev11q finding 3).
      const pair = new Set(d.noRecipient ? [] : [d.byName, d.bySid]);
      // A SID of everyone (Everyone, Authenticated Users) may be the one the Deny is for: then
      // Exchange refuses the right to every holder, so each is withheld and named (rev11i 5).
      // The same when the name side is Everyone's SID or name (rev11k finding 2: "S-1-1-0" with
      // Chloé's SID was read as Chloé's Deny, and Yamada kept a right Exchange may refuse him).
      const everyone =
        d.builtIn !== undefined &&
        ((d.bySid < 0 && isEveryone("", d.sid)) || (d.byName < 0 && isEveryoneName(d.value)));
      // A built-in group of people on either side (Domain Users, Domain Admins, BUILTIN\Users...:
      // builtInPeopleGroup) may be the one the Deny is for, and no export lists its members: every
      // holder may be refused, so each is named and the Deny is one the build cannot place; only
      // the named pair is withheld (rev11l finding 1: "chloe@…" with RID 513 denied Chloé alone,
      // Yamada kept a right Exchange may refuse him, exit 0).
      const people = d.noRecipient
        ? `the account with SID ${d.sid.trim()}`
        : d.unnamed
          ? quote(d.value)
          : everyone || d.builtIn === undefined
            ? null
            : d.bySid < 0
              ? builtInPeopleGroup("", d.sid)
              : d.byName < 0
                ? builtInPeopleGroup(d.value, "")
                : null;
      const holders = new Set<number>();
      for (const principal of [...this.table.allowedOn(d.mailbox, d.bits)]) {
        if (everyone) this.table.addDeny(principal, d.mailbox, d.bits);
        if (everyone || people !== null || pair.has(principal)) {
          if (this.groups.isGroup(principal))
            for (const user of this.groups.usersFor(principal, d.bits)) holders.add(user);
          else holders.add(principal);
        } else if (this.groups.isGroup(principal))
          for (const user of this.groups.usersFor(principal, d.bits))
            if (pair.has(user)) holders.add(user);
      }
      if (holders.size === 0) continue;
      const a = this.recipients.addresses;
      this.lose(
        {
          file: d.file,
          line: d.line,
          column: d.column,
          value: d.value,
          mailbox: a[d.mailbox],
          right: rightOf(d.bits),
          reason: "unresolvedTrustee",
          message: `a Deny${people !== null ? " that the build cannot place" : ""}: ${this.conflictText(d.value, d.sid, d.byName, d.bySid, d.damage, d.builtIn, d.unnamed, d.noRecipient)} it denies${people !== null ? `; ${people} ${d.unnamed || d.noRecipient ? "may be a group" : "is a built-in group"} whose members no export lists (they may include delegates)` : ""}; ${[
            ...holders,
          ]
            .map((h) => a[h])
            .join(
              ", "
            )} ${holders.size === 1 ? "holds" : "hold"} the right, and Exchange refuses it to whoever the Deny is for, so it is withheld from ${
            d.noRecipient
              ? `no one (the Deny is not ${a[d.byName]}'s); they keep it only with --allow-unresolved`
              : people !== null
                ? [...holders].filter((h) => pair.has(h)).length === 0
                  ? "no one the row names (the others keep it only with --allow-unresolved)"
                  : `${[...holders]
                      .filter((h) => pair.has(h))
                      .map((h) => a[h])
                      .join(
                        ", "
                      )}, whom the row names (the others keep it only with --allow-unresolved)`
                : holders.size === 1
                  ? "it"
                  : "them"
          }`,
          fix: "",
        },
        () =>
          d.noRecipient ? denyAllow(noRecipientFix(d.sid, a[d.byName], true)) : conflictFix(d.sid),
        true
      );
    }
    this.conflictDenies.length = 0;
  }

  /**
   * Notes a Deny the build cannot place on one recipient (unplacedDenies), judged once every
   * Allow is in. A method rather than a closure in grant, which runs once per permission row.
   */
  private unplace(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    bits: number,
    why: "unresolved" | "group" | "joined",
    sid: string
  ): void {
    this.unplacedDenies.push({ file, line, column, mailbox, value, bits, why, sid });
  }

  /** Deny entries the build cannot place on known principals (judgeUnplacedDenies). */
  private readonly unplacedDenies: {
    file: string;
    line: number;
    column: string;
    mailbox: number;
    value: string;
    bits: number;
    why: "unresolved" | "group" | "erpName" | "joined";
    sid: string;
    /**
     * For a "group" Deny: why its members are not known, in place of "... is a group whose
     * members the exports do not list", and the fix for that source (a nested group without
     * member list, a member row that names no one, an Export-RecipientPermissions result without
     * member rows: rev11t finding 8).
     */
    group?: { text: string; fix: (shape: FileShape) => string; holder?: number };
  }[] = [];

  /**
   * A Deny held by a group whose members the exports do not (all) list, or by a group with such a
   * group inside it: Exchange applies it to every member, so when anyone holds the right it
   * denies on that mailbox the build cannot tell whether the directory offers a right Outlook
   * refuses. Judged once every Allow is in (judgeUnplacedDenies): fails the build naming the
   * holders unless --allow-unresolved, then listed under DENY NOT PLACED (rev11t finding 8).
   */
  unplacedGroupDeny(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    bits: number,
    group: { text: string; fix: (shape: FileShape) => string; holder?: number }
  ): void {
    this.unplacedDenies.push({
      file,
      line,
      column,
      mailbox,
      value,
      bits,
      why: "group",
      sid: "",
      group,
    });
  }

  /**
   * A Deny in Export-RecipientPermissions' file whose trustee has no Trustee Primary SMTP (the
   * tool resolved it to no recipient): a trustee row, or a member under a group's Deny
   * (ExpandGroups). Its name alone does not prove who it is (a display name is not unique, and
   * the tool found no recipient for it), so a Deny is never matched by name to a recipient with
   * that name (rev11 review x08: a valid Send As was taken away, exit 0). A name that matches no
   * one is judged as any unresolved Deny; one that matches a recipient is reported when anyone
   * holds the right it denies on that mailbox (judgeUnplacedDenies), and fails the build unless
   * --allow-unresolved. `column` is the column the name comes from, `bits` the right it denies.
   */
  unresolvedErpDeny(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    bits: number
  ): void {
    if (isEveryone(value, "")) {
      this.everyoneDenies.push({ file, line, mailbox, bits, value });
      return;
    }
    // A built-in's name and a person joined ("NT AUTHORITY\SELF chloe@…"): the same check as a
    // script-format cell (grant), so the Deny is never dropped as the built-in's (rev11m finding 2).
    const why =
      this.recipients.resolve(value) !== "unresolved"
        ? "erpName"
        : this.joinedTrustees(value) !== null
          ? "joined"
          : "unresolved";
    this.unplacedDenies.push({ file, line, column, mailbox, value, bits, why, sid: "" });
  }

  /**
   * An Allow in Export-RecipientPermissions' file whose trustee has no Trustee Primary SMTP and
   * no member rows: the tool looked the trustee up among all recipients and found none, so a
   * recipient that shares its name (a display name, Name or alias) is not the principal, which
   * is an account without mail (a security group, a user without mailbox) named like it. A lost
   * right, never granted by Trustee Original Identity to that recipient, as its Deny twin is
   * never placed by name (unresolvedErpDeny; rev11q finding 4: a security group "Vertrieb" gave
   * its Full Access to the mailbox Vertrieb, exit 0). A name that matches no recipient, a
   * built-in account or Everyone is judged as any trustee is (grant).
   */
  unresolvedErpAllow(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    bits: number
  ): void {
    if (isEveryone(value, "") || this.recipients.resolve(value) === "unresolved") {
      this.grant(file, line, column, mailbox, value, "", bits, false);
      return;
    }
    const a = this.recipients.addresses;
    const candidates = this.recipients.candidates(value);
    const named = candidates
      .slice(0, 3)
      .map((h) => a[h])
      .join(", ");
    const more = candidates.length > 3 ? " and others" : "";
    this.loseUnmatched(
      { file, line, column, value, mailbox: a[mailbox], bits },
      {
        message: `Export-RecipientPermissions found no recipient for ${quote(value)} (Trustee Primary SMTP is empty, and the file has no member rows for it); ${named}${more} ${candidates.length === 1 ? "has" : "have"} that name, but a name does not prove the account (a group or user without mail may be named like it), so the build does not guess: the right it grants would be lost`,
      },
      (shape) =>
        `check who ${quote(value)} is with Get-Group ${cmd(value)} and Get-User ${cmd(value)}: if it is a group without mail (ExpandGroups lists the members of every group, mail-enabled or not, each in a row that carries the right), ${fixFor(shape, FIX.expandGroups())}; if it is ${named}${more} after all, Export-RecipientPermissions did not resolve it: ${fixFor(shape, FIX.rerun())}; do not remove the permission as stale, and do not give it to ${named}${more} by hand; ${ALLOW}`
    );
  }

  /**
   * A Deny whose trustee names no known principal (a damaged name, a name the exports do not
   * have) or a group whose members are not known (rev11c finding 1): Exchange applies it to
   * whoever it is, and Deny wins over Allow, so when anyone holds the right it denies on that
   * mailbox the directory may offer a right Outlook refuses. Reported as a lost right naming the
   * holders; a damaged name that repairs to one of them withholds the right from that one
   * (with --allow-unresolved the others keep it and the report lists the Deny).
   */
  private judgeUnplacedDenies(): void {
    for (const d of this.unplacedDenies) {
      const holders = new Set<number>();
      for (const principal of this.table.allowedOn(d.mailbox, d.bits)) {
        if (this.groups.isGroup(principal))
          for (const user of this.groups.usersFor(principal, d.bits)) holders.add(user);
        else holders.add(principal);
      }
      // The members the holding group's Deny reaches by the exports lose the right anyway
      // (table.addDeny on the group): only the others are in doubt (rev11t finding 8).
      if (d.group?.holder !== undefined)
        for (const user of this.groups.usersFor(d.group.holder, d.bits)) holders.delete(user);
      if (holders.size === 0) continue;
      // A skipped or refused recipients.csv row (a group without PrimarySmtpAddress...) named by
      // the value or the row's SID: a live account whose members the exports do not list, never
      // an orphaned SID whose Deny changes nothing (rev11n finding 9).
      const refused =
        d.why === "unresolved"
          ? (this.recipients.refusedRow(d.value) ?? this.refusedBySid(d.sid))
          : undefined;
      const damage =
        d.why === "unresolved" && !refused ? this.damagedName(d.file, d.value, "trustee") : null;
      // A built-in group of people (Domain Users...): members the exports do not list (rev11i 11).
      const people =
        d.why === "unresolved" && !damage && !refused ? builtInPeopleGroup(d.value, d.sid) : null;
      // Mis-decoded, and the real text names no one either: the encoding first, as for the
      // Allow twin (Resolver.unresolved; rev11i finding 8).
      const recovered =
        d.why === "unresolved" && !damage && !people ? misDecodedUtf8(d.value) : null;
      // A trustee the exports prove gone (an orphaned SID) or a built-in account is no one's.
      if (
        !damage &&
        !people &&
        !refused &&
        d.why === "unresolved" &&
        !LOST_REASONS.has(diagnoseUnresolved(d.value, d.sid, this.unresolvedFacts))
      )
        continue;
      const repaired = damage ? this.repairedTrustee(d.value) : null;
      // Trustees joined into one cell (rev11j finding 1): the Deny is for one of them (the SID's
      // owner, when the row has a SID) or for each, so it is withheld from every one named.
      const owner = d.why === "joined" && d.sid ? this.sidOwner(d.sid) : null;
      const joined = d.why === "joined" ? this.joinedTrustees(d.value, owner ?? undefined) : null;
      const named = new Set(joined ? [...joined.ids, ...(owner !== null ? [owner] : [])] : []);
      const denied = joined
        ? [...holders].filter((h) => named.has(h))
        : repaired !== null && holders.has(repaired)
          ? [repaired]
          : [];
      for (const who of denied) this.table.addDeny(who, d.mailbox, d.bits);
      const a = this.recipients.addresses;
      const shown = [...holders].slice(0, 5).map((h) => a[h]);
      const candidates = d.why === "erpName" ? this.recipients.candidates(d.value) : [];
      const reason: DropReason = damage
        ? "damagedText"
        : d.why === "group" || people
          ? "groupMembersUnknown"
          : "unresolvedTrustee";
      // The Deny row is already counted under "deny" (the reader counts every Deny row once):
      // not counted again here (rev11d finding 5).
      this.lose(
        {
          file: d.file,
          line: d.line,
          column: d.column,
          value: d.value,
          mailbox: a[d.mailbox],
          right: rightOf(d.bits),
          reason,
          message: `a Deny that the build cannot place: ${
            damage
              ? damage.message
              : refused
                ? `${quote(d.value)}${d.sid && !this.recipients.refusedRow(d.value) ? ` (the row's SID ${d.sid.trim()})` : ""} names the recipient at ${refused.file} line ${refused.line}, whose row was ${refused.fix ? "skipped" : "refused"} (${refused.why}): an account the exports list (a group, maybe), whose members they do not`
                : people
                  ? `${quote(d.value)} is ${people}, a built-in group whose members no export lists (they may include delegates)`
                  : d.why === "group"
                    ? (d.group?.text ??
                      `${quote(d.value)} is a group whose members the exports do not list`)
                    : d.why === "erpName"
                      ? `Export-RecipientPermissions wrote no Trustee Primary SMTP for ${quote(d.value)} (it resolved it to no recipient); ${candidates
                          .slice(0, 3)
                          .map((h) => a[h])
                          .join(
                            ", "
                          )} ${candidates.length === 1 ? "has" : "have"} that name, but a name does not prove the account, so the build does not guess`
                      : joined
                        ? `${quote(d.value)} looks like trustees joined: ${this.joinedText(joined)}, but ${d.column} holds one trustee per row${owner !== null ? `, and the row's SID ${d.sid.trim()} is ${a[owner]}'s alone` : ""}`
                        : recovered !== null
                          ? `${quote(d.value)} is ${quote(recovered)} mis-decoded (its UTF-8 bytes were read as Windows-1252), and names no recipient either way`
                          : isEveryone(d.value, "") &&
                              this.recipients.resolve(d.value) !== "unresolved"
                            ? this.everyoneNamesake(d.value)
                            : d.value.trim().indexOf("\\") > 0 &&
                                !this.recipients.hasSamAccountNames &&
                                this.summary.inputFormat !== "export-recipient-permissions"
                              ? this.unresolvedMessage(d.value, "unresolvedTrustee").replace(
                                  /; the right it grants would be lost$/,
                                  ""
                                )
                              : `${quote(d.value)} names no recipient in the exports`
          }; ${shown.join(", ")}${holders.size > 5 ? " and others" : ""} ${holders.size === 1 ? "holds" : "hold"} the right it denies, and Exchange refuses it to whoever the Deny is for${
            denied.length > 0
              ? joined
                ? `: withheld from ${denied.map((h) => a[h]).join(", ")}, whom the cell names`
                : `: withheld from ${a[denied[0]]}, whom the repaired name names`
              : ""
          }`,
          fix: "",
        },
        damage
          ? damage.fix
          : (shape) =>
              denyAllow(
                refused
                  ? `${this.refusedFix(refused)}, or list its members in group-members.csv, so the build can tell whom the Deny takes the right from; ${ALLOW}`
                  : joined
                    ? `${fixFor(shape, FIX.oneTrusteePerRow(d.column))}; ${ALLOW}`
                    : recovered !== null
                      ? `${oneEncodingFix(shape)}; then, if ${quote(recovered)} still names no one, check who it is with Get-Recipient ${cmd(recovered)}, Get-User or Get-Group, so the build can tell whom the Deny takes the right from${allowUnless(shape)}`
                      : people && isLogonGroup(d.value, d.sid)
                        ? `the build cannot tell whom a Deny for ${quote(d.value)} refuses: it is a logon group, which Windows gives people as they sign in, so no export or cmdlet lists its members; ${DENY_ALLOW.replace(/^or /, "")}`
                        : people
                          ? `check whether ${shown.join(", ")}${holders.size > 5 ? " and the others" : ""} ${holders.size === 1 ? "is a member" : "are members"} of ${quote(d.value)} (Get-ADGroupMember, or Get-ADPrincipalGroupMembership for each user): Exchange refuses the right to its members, so the pane must not offer it to them; ${ALLOW}`
                          : d.why === "group" && d.group
                            ? `${d.group.fix(shape)}, so the build can tell whom the Deny takes the right from; ${ALLOW}`
                            : d.why === "group"
                              ? `${fixFor(this.shape("group-members.csv"), FIX.groupMembers(cmd(d.value), "Get-DistributionGroupMember, or Get-ADGroupMember for a group without mail"))}, so the build can tell whom the Deny takes the right from; ${ALLOW}`
                              : d.why === "erpName"
                                ? `check who ${quote(d.value)} is with Get-Recipient, Get-User or Get-Group: if it is a recipient, Export-RecipientPermissions did not resolve it: ${fixFor(shape, FIX.rerun())}; ${ALLOW}`
                                : d.value.trim().indexOf("\\") > 0 &&
                                    !this.recipients.hasSamAccountNames &&
                                    this.summary.inputFormat !== "export-recipient-permissions"
                                  ? this.unresolvedFix(shape, d.line, d.value, "unresolvedTrustee")
                                  : `check who ${quote(d.value)} is with Get-Recipient, Get-User or Get-Group, so the build can tell whom the Deny takes the right from; ${fixFor(shape, FIX.trusteesAsExchange())}; ${ALLOW}`
              ),
        true
      );
    }
    this.unplacedDenies.length = 0;
  }

  /** The one recipient a damaged trustee names once repaired (space-like, hidden, mis-decoded, "?"). */
  private repairedTrustee(value: string): number | null {
    const tries = [
      stripInvisible(value.replace(SPACE_LIKE, " ").replace(/ {2,}/g, " ")),
      stripInvisible(value),
      ...misDecodedReadings(value),
      value.includes("?") ? (this.questionNames.unmangle(value) ?? "") : "",
    ];
    for (const text of tries) {
      if (!text || text === value) continue;
      const id = this.recipients.resolve(text);
      if (typeof id === "number") return id;
    }
    return null;
  }

  private judgeAmbiguousDenies(): void {
    for (const d of this.ambiguousDenies) {
      // A SID several recipients carry (rev11t finding 10): those are the candidates.
      const sharers = this.sidSharersOf(d.value, d.sid);
      const candidates = new Set(
        sharers.length > 1 ? sharers : this.recipients.candidates(d.value)
      );
      const holders = new Set<number>();
      for (const principal of this.table.allowedOn(d.mailbox, d.bits)) {
        if (candidates.has(principal)) holders.add(principal);
        else if (this.groups.isGroup(principal))
          for (const user of this.groups.usersFor(principal, d.bits))
            if (candidates.has(user)) holders.add(user);
      }
      if (holders.size === 0) continue;
      for (const who of holders) this.table.addDeny(who, d.mailbox, d.bits);
      const a = this.recipients.addresses;
      this.summary.accounting.considered++;
      this.summary.dropped.ambiguousTrustee++;
      if (this.summary.unresolved.length < MAX_UNRESOLVED_LISTED)
        this.summary.unresolved.push({
          file: d.file,
          line: d.line,
          column: d.column,
          value: d.value,
          kind: "ambiguous",
        });
      this.lose(
        {
          file: d.file,
          line: d.line,
          column: d.column,
          value: d.value,
          mailbox: a[d.mailbox],
          right: rightOf(d.bits),
          reason: "ambiguousTrustee",
          message: `a Deny for ${sharers.length > 1 ? this.sharedSidText(d.value, d.sid, sharers) : `${quote(d.value)}, which names ${this.candidatesText(d.value)}`}; ${[
            ...holders,
          ]
            .map((h) => a[h])
            .join(
              ", "
            )} ${holders.size === 1 ? "holds" : "hold"} the right it denies, and if the Deny is theirs Exchange refuses it: the build does not guess, so the right is withheld from ${holders.size === 1 ? "it" : "them"}`,
          fix: "",
        },
        (shape) =>
          `${sharers.length > 1 ? this.sharedSidFix(d.file) : this.ambiguousFix(shape, d.column, d.value)}; ${ALLOW}`
      );
    }
    this.ambiguousDenies.length = 0;
  }

  /**
   * A right granted to a recipient that cannot hold one (a mail contact, a mail-enabled public
   * folder: values.cannotHoldRights). Exchange refuses such a trustee for Full Access, Send As
   * and Send on Behalf alike, so the exports cannot show a usable grant to it: the value names
   * someone the exports do not list (who shares its name), or the files are from different runs.
   * Not "really gone" (rule 1 of issue 11), so it is a lost right: it fails the build unless
   * --allow-unresolved, and the contact never becomes a delegate nor gets a shard.
   */
  private noSignInTrustee(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    who: number,
    row: { type: string; file: string; line: number },
    bits: number
  ): void {
    const a = this.recipients.addresses;
    const right = rightOf(bits);
    this.summary.dropped.cannotSignIn++;
    const remove = removeCommand(right, a[mailbox], cmd(value));
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox: a[mailbox],
        right,
        reason: "cannotSignIn",
        message: `${quote(value)} names ${a[who]}, a ${row.type} (${row.file} line ${row.line}): it has no account and cannot sign in, and Exchange lets only a mailbox, a mail user or a security group hold ${right}, so no one can use this grant; the value may name another recipient the exports do not list, or the files come from different runs`,
        fix: "",
      },
      () =>
        `check who holds the right with Get-Recipient ${cmd(value)} and ${
          right === "FullAccess"
            ? `Get-MailboxPermission -Identity ${a[mailbox]}`
            : right === "SendAs"
              ? `Get-RecipientPermission -Identity ${a[mailbox]}`
              : `Get-Mailbox -Identity ${a[mailbox]} | Select GrantSendOnBehalfTo`
        }: if it is a user or group the exports do not list, export all files again in one run; only if it really is the ${row.type}, the grant gives no one a right and can be removed (${remove}); ${ALLOW}`
    );
  }

  /**
   * Full Access or Send As granted to a distribution group (GroupMembership.markDistribution).
   * Exchange lets only a mailbox, a mail user or a mail-enabled security group hold these rights
   * (values.cannotHoldRights; reference exchange-and-graph.md 1.1): a distribution group is in no
   * user's security token, so none of its members has the right in Exchange. The entry is still
   * in the exports (a group converted from security to distribution keeps its ACEs, or a tool
   * wrote it), and publishing it would offer a right Exchange refuses; dropping it without a word
   * would hide a grant the admin made. So it is a lost right (*distributionGroup*): it fails the
   * build unless --allow-unresolved, naming the group, and is never spread to the members.
   */
  private distributionTrustee(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    who: number,
    type: string,
    bits: number
  ): void {
    const a = this.recipients.addresses;
    const right = rightOf(bits);
    const name = this.recipients.displayNames[who];
    const group = name ? `${quote(name)} (${a[who]})` : a[who];
    this.summary.dropped.distributionGroup++;
    const remove = removeCommand(right, a[mailbox], a[who]);
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox: a[mailbox],
        right,
        reason: "distributionGroup",
        message: `${quote(value)} names ${group}, a ${type}: a distribution group cannot hold ${right} (Exchange lets only a mailbox, a mail user or a mail-enabled security group hold it, and a distribution group is in no user's security token), so none of its members has it in Exchange and no shard offers it`,
        fix: "",
      },
      () =>
        `a distribution group cannot hold Full Access/Send As, so none of its members has it in Exchange: grant ${right} on ${a[mailbox]} to a mail-enabled security group (or to each user), or remove the entry (${file} line ${line}): ${remove}; ${ALLOW}`
    );
  }

  /** Groups distributionNested has looked at (each once), and how many warnings it wrote. */
  private readonly distributionNestedChecked = new Set<number>();
  private distributionNestedWarnings = 0;

  /**
   * Full Access or Send As granted to a group with distribution groups nested in it: their
   * members get no right through them (GroupMembership.securityUsersOf), which is Exchange's rule,
   * not a loss; said once per group in a warning (capped), so the admin who meant them to have
   * it knows why they do not.
   */
  private distributionNested(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    group: number,
    bits: number
  ): void {
    if (this.distributionNestedChecked.has(group)) return;
    this.distributionNestedChecked.add(group);
    const nested = this.groups.distributionWithin(group);
    if (nested.length === 0 || this.distributionNestedWarnings++ >= MAX_UNRESOLVED_LISTED) return;
    const a = this.recipients.addresses;
    const shown = nested.slice(0, 5).map((g) => {
      const name = this.recipients.displayNames[g];
      return name ? `${quote(name)} (${a[g]})` : a[g];
    });
    const none = this.groups.securityUsersOf(group).length === 0;
    this.summary.warnings.push(
      `${file}, line ${line}, column ${column}: ${rightOf(bits)} on ${a[mailbox]} is granted to the group ${a[group]}, which holds the distribution group(s) ${shown.join(", ")}${nested.length > 5 ? " and others" : ""}: a distribution group is in no security token, so its members get no Full Access or Send As through it (Send on Behalf they do)${none ? `; no other member of ${a[group]} is a user, so these rights of the group reach no one` : ""}. To give them the right, make the nested group a mail-enabled security group or add them to ${a[group]}.`
    );
  }

  private distributionDenyWarnings = 0;

  /**
   * A Deny of Full Access or Send As for a distribution group: Exchange never applies it (the
   * group is in no security token), so it takes no right from its members, whose explicit
   * rights stay. Counted as *distributionGroupDeny* instead of *deny*, warned about (capped).
   */
  private distributionDeny(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    who: number,
    type: string,
    bits: number
  ): void {
    this.summary.dropped.deny--;
    this.summary.dropped.distributionGroupDeny++;
    if (this.distributionDenyWarnings++ >= MAX_UNRESOLVED_LISTED) return;
    const a = this.recipients.addresses;
    const right = rightOf(bits);
    const name = this.recipients.displayNames[who];
    this.summary.warnings.push(
      `${file}, line ${line}, column ${column}: a Deny of ${right} on ${a[mailbox]} for ${name ? `${quote(name)} (${a[who]})` : a[who]}, a ${type}: a distribution group is in no security token, so Exchange never applies it and it takes ${right} from none of its members (their own grants stay). If it was meant to deny them ${right}, it must be held by a mail-enabled security group.`
    );
  }

  /**
   * Full Access or Send As granted to a group of unknown category (`group`:
   * GroupMembership.categoryUnknownType), or to a security group (`holder`) it is nested in. A
   * MailNonUniversalGroup is a mail-enabled global or domain-local group, security or
   * distribution: a security group's members hold the right in Exchange, a distribution group's
   * do not, and only Get-DistributionGroup's GroupType tells which (groups.csv from an older
   * export or another tool, and the Export-RecipientPermissions result, have none). So the right
   * is lost through it (*groupCategoryUnknown*), with a fix that finds out, never "remove the
   * entry": a valid grant may be the admin's (rev11r finding 4).
   */
  private categoryUnknown(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    holder: number,
    group: number,
    type: string,
    bits: number
  ): void {
    const a = this.recipients.addresses;
    const right = rightOf(bits);
    this.summary.dropped.groupCategoryUnknown++;
    // Only those the right reaches through `group` alone (uncertainThrough).
    const reached = holder === group ? null : new Set(this.groups.usersFor(holder, bits));
    const members = this.groups
      .possibleSecurityUsersOf(group)
      .filter((u) => reached === null || !reached.has(u));
    const shown = members.slice(0, 5).map((u) => a[u]);
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox: a[mailbox],
        right,
        reason: "groupCategoryUnknown",
        message: `${
          holder === group
            ? `${quote(value)} names ${this.groupName(group)}`
            : `granted to the group ${this.groupName(holder)}, which holds ${this.groupName(group)}`
        }, ${this.categoryText(group, type)}: if it is a security group its members${
          shown.length > 0 ? ` (${shown.join(", ")}${members.length > 5 ? " and others" : ""})` : ""
        } hold ${right}${holder === group ? "" : ` through ${a[holder]}`} in Exchange, if a distribution group none does, so the build does not guess and no shard offers it${holder === group ? "" : " through it"}`,
        fix: "",
      },
      () => `${this.categoryFix(group)}; ${ALLOW}`
    );
  }

  /**
   * The groups of unknown category among `inner` (nested in `holder`) through which some user may
   * hold the right who does not hold it through `holder` anyway (a member of a security path):
   * a group whose every member is also reached otherwise changes nothing, so it is no loss
   * (rev11s finding 2: Chloé, a direct member too, was reported lost and the build failed).
   */
  private uncertainThrough(holder: number, bits: number, inner: readonly number[]): number[] {
    if (inner.length === 0) return [];
    const reached = new Set(this.groups.usersFor(holder, bits));
    // A group whose members the exports do not list stays: who it reaches is not known. One
    // they prove empty does not (provenEmpty; the callers leave it out already).
    return inner.filter((g) => {
      const users = this.groups.possibleSecurityUsersOf(g);
      return users.length === 0 ? !this.provenEmpty(g) : users.some((u) => !reached.has(u));
    });
  }

  /**
   * Whether the exports prove a group empty: the script's folder (Export-SendFromData.ps1's
   * group-members.csv lists every group's members, and export-info.csv shows the script wrote
   * it, else the group is markUnlisted "unproven") has no member row for it nor for any group in
   * it, and no row of it names no one. Such a group passes no right to anyone, security group or
   * distribution group, so its unknown category loses nothing (rev11t finding 4: an empty
   * MailNonUniversalGroup without GroupType was "its members hold SendAs", untrue). Never in an
   * Export-RecipientPermissions result, whose groups without member rows may be unexpanded.
   */
  private provenEmpty(group: number): boolean {
    return (
      this.summary.inputFormat !== "export-recipient-permissions" &&
      this.groups.isGroup(group) &&
      !this.groups.isUnlisted(group) &&
      !this.groups.isUntyped(group) &&
      this.groups.usersOf(group).length === 0 &&
      this.groups.unlistedWithin(group).length === 0 &&
      !this.groups.hasUnknownWithin(group)
    );
  }

  /** A group as shown in a message: "Display Name" (address), or the address. */
  private groupName(id: number): string {
    const name = this.recipients.displayNames[id];
    return name
      ? `${quote(name)} (${this.recipients.addresses[id]})`
      : this.recipients.addresses[id];
  }

  /** Why a group's category is not known, for categoryUnknown and judgeCategoryDenies. */
  private categoryText(group: number, type: string): string {
    const t = type || this.groups.categoryUnknownType(group) || "MailNonUniversalGroup";
    return `a ${t}, which is a mail-enabled global or domain-local group of either category, security or distribution, and ${
      this.summary.inputFormat === "export-recipient-permissions"
        ? "Export-RecipientPermissions writes no GroupType, which alone tells which"
        : "groups.csv gives no GroupType for it (the column Get-DistributionGroup fills, which alone tells which)"
    }`;
  }

  /** The fix for a right held through a group of unknown category: find out, never remove. */
  private categoryFix(group: number): string {
    const g = cmd(this.recipients.addresses[group]);
    const find = `find out the group's category: Get-DistributionGroup -Identity ${g} | Select-Object GroupType ("Global, SecurityEnabled" or "Universal, SecurityEnabled": a security group, whose members hold the right; "Global" or "Universal" without SecurityEnabled: a distribution group, which holds no Full Access or Send As)`;
    const again =
      this.summary.inputFormat === "export-recipient-permissions"
        ? `Export-RecipientPermissions writes no GroupType, so build from an export made with the current ${SCRIPT}, whose groups.csv carries it`
        : `${fixFor(this.shape("groups.csv"), FIX.groupTypeColumn())}, and build again`;
    return `${find}; ${again}; the exports do not show the entry is invalid, so do not remove it for this`;
  }

  /** Deny entries held by (or through) a group of unknown category (judgeCategoryDenies). */
  private readonly categoryDenies: {
    file: string;
    line: number;
    column: string;
    mailbox: number;
    value: string;
    bits: number;
    /** The trustee: the group itself, or a security group it is nested in. */
    holder: number;
    group: number;
  }[] = [];

  /**
   * A Deny of Full Access or Send As held by a group of unknown category, or by a security group
   * it is nested in (categoryUnknown): if it is a security group Exchange refuses the right to its
   * members, if a distribution group to none. When a member of it holds the right on that mailbox
   * through another entry, the Deny is one the build cannot place: reported as a lost right
   * (*groupCategoryUnknown*), which fails the build unless --allow-unresolved, and the right is
   * withheld from those members (the directory offers nothing Exchange may refuse), as for an
   * ambiguous Deny. The Deny row is already counted under "deny"; the loss is counted here.
   */
  private judgeCategoryDenies(): void {
    const a = this.recipients.addresses;
    for (const d of this.categoryDenies) {
      const inside = new Set(this.groups.possibleSecurityUsersOf(d.group));
      const holders = new Set<number>();
      for (const principal of this.table.allowedOn(d.mailbox, d.bits)) {
        if (this.groups.isGroup(principal)) {
          for (const user of this.groups.usersFor(principal, d.bits))
            if (inside.has(user)) holders.add(user);
        } else if (inside.has(principal)) holders.add(principal);
      }
      if (holders.size === 0) continue;
      for (const who of holders) this.table.addDeny(who, d.mailbox, d.bits);
      const right = rightOf(d.bits);
      const shown = [...holders].slice(0, 5).map((h) => a[h]);
      const held = `${shown.join(", ")}${holders.size > 5 ? " and others" : ""}`;
      this.summary.accounting.considered++;
      this.summary.dropped.groupCategoryUnknown++;
      this.lose(
        {
          file: d.file,
          line: d.line,
          column: d.column,
          value: d.value,
          mailbox: a[d.mailbox],
          right,
          reason: "groupCategoryUnknown",
          message: `a Deny that the build cannot place: ${
            d.holder === d.group
              ? `${quote(d.value)} names ${this.groupName(d.group)}`
              : `it is held by the group ${this.groupName(d.holder)}, which holds ${this.groupName(d.group)}`
          }, ${this.categoryText(d.group, "")}: if it is a security group Exchange refuses ${right} to its members, if a distribution group to none; ${held}, ${holders.size === 1 ? "a member of it, holds" : "members of it, hold"} ${right} through another entry, so it is withheld from ${holders.size === 1 ? "that member" : "them"}`,
          fix: "",
        },
        () =>
          `${this.categoryFix(d.group)}; or build with --allow-unresolved to publish with ${right} withheld from ${held} (listed in the summary and --report)`
      );
    }
    this.categoryDenies.length = 0;
  }

  /**
   * Rows of group-members.csv whose member cannot sign in (a mail contact): the group's rights do
   * not reach it, and nothing is lost (the group's grant is to its security principals). Warned
   * about, once per row, when the group or a group it is nested in holds a right.
   */
  noSignInMembers(rows: readonly { group: number; line: number; member: number }[]): void {
    const a = this.recipients.addresses;
    let warned = 0;
    for (const row of rows) {
      const holder = this.groups.groupsContaining(row.group).find((g) => this.groupGrants.has(g));
      if (holder === undefined) continue;
      if (warned++ >= MAX_UNRESOLVED_LISTED) break;
      const type = this.recipients.cannotSignIn(row.member)?.type ?? "mail contact";
      this.summary.warnings.push(
        `group-members.csv, line ${row.line}: ${a[row.member]}, a ${type}, is a member of ${a[row.group]}${
          holder === row.group ? "" : ` (nested in ${a[holder]})`
        }, which holds a right: it cannot sign in, so the right does not reach it (no shard).`
      );
    }
  }

  /**
   * A right granted to a group (`holder`, the trustee) that is, or holds nested at any depth, a
   * group without member list (`group`): in recipients.csv as a group, but in neither groups.csv
   * nor group-members.csv. Its members hold the right in Exchange, but who they are is not in the
   * export, so the right is lost (counted once per such group), never given to the group itself.
   */
  private unlistedGroup(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    holder: number,
    group: number,
    bits: number
  ): void {
    const a = this.recipients.addresses;
    const name = this.recipients.displayNames[group];
    const named = `${name ? `${quote(name)} (${a[group]})` : a[group]}`;
    this.summary.dropped.groupMembersUnknown++;
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox: a[mailbox],
        right: rightOf(bits),
        reason: "groupMembersUnknown",
        message: `${
          holder === group
            ? `granted to the group ${named}`
            : `granted to the group ${a[holder]}, which holds the group ${named}`
        }, a group without member list: ${
          this.groups.unlistedWhy(group) === "unproven"
            ? "groups.csv lists it, but group-members.csv has no member for it and nothing shows the export script wrote the folder (it has no export-info.csv), so an export that left out its members cannot be told from an empty group"
            : this.groups.unlistedWhy(group) === "unread"
              ? "group-members.csv could not be read (its problem is reported), so no group's members are known"
              : "recipients.csv lists it as a group, but groups.csv does not list it and group-members.csv has no members for it"
        }, so who holds the right cannot be told (a group is never a delegate itself)`,
        fix: "",
      },
      () =>
        `${fixFor(this.shape("group-members.csv"), FIX.groupMembers(a[group], memberCmdlet(this.groups.unlistedType(group), a[group])))}; ${ALLOW}`
    );
  }

  /**
   * A right granted to a recipient of unknown type (GroupMembership.markUntyped): it may be a
   * group, whose members hold the right in Exchange, so it is never given to the recipient itself.
   */
  private untyped(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    who: number,
    bits: number
  ): void {
    const a = this.recipients.addresses;
    const name = this.recipients.displayNames[who];
    this.summary.dropped.unresolvedTrustee++;
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox: a[mailbox],
        right: rightOf(bits),
        reason: "unresolvedTrustee",
        message: `${quote(value)} names ${name ? `${quote(name)} (${a[who]})` : a[who]}, which neither mailboxes.csv nor groups.csv lists, and recipients.csv has no RecipientTypeDetails column: it may be a group (whose members hold the right) as well as a user, so who holds the right cannot be told`,
        fix: "",
      },
      () => `${fixFor(this.shape("recipients.csv"), FIX.recipientTypeColumn())}; ${ALLOW}`
    );
  }

  private unresolved(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    value: string,
    sid: string,
    bits: number,
    how: "unresolved" | "ambiguous" | "everyone"
  ): void {
    const mailboxAddress = this.recipients.addresses[mailbox];
    let reason: DropReason;
    let message: string;
    let fix: (shape: FileShape) => string;
    const sharers = how === "ambiguous" ? this.sidSharersOf(value, sid) : [];
    if (sharers.length > 1) {
      // One SID on several recipients.csv rows: no two accounts share a SID, so the Sid column
      // is damaged or edited; renaming a recipient changes nothing (rev11t finding 10).
      reason = "ambiguousTrustee";
      message = `${this.sharedSidText(value, sid, sharers)}: the build does not guess`;
      fix = () => `${this.sharedSidFix(file)}; ${ALLOW}`;
    } else if (how === "ambiguous" || how === "everyone") {
      reason = "ambiguousTrustee";
      message =
        how === "everyone"
          ? this.everyoneNamesake(value)
          : `${quote(value)} names ${this.candidatesText(value)}: the build does not guess`;
      fix = (shape) => `${this.ambiguousFix(shape, column, value)}; ${ALLOW}`;
    } else {
      const recovered = misDecodedUtf8(value);
      // The value, or the row's SID, names a recipients.csv row that was skipped or refused: the
      // account is in the exports (live), so the right is lost because of that row, never an
      // orphaned SID's (rev11n finding 1).
      const bySid = this.recipients.refusedRow(value) ? undefined : this.refusedBySid(sid);
      const refused = this.recipients.refusedRow(value) ?? bySid;
      const hidden = firstInvisible(value.trim());
      // Trustees joined into a column of one trustee per row (rev11j finding 1), with the row's
      // SID's owner when it has one: joined at line breaks or tabs, those are not damage.
      const owner = sid ? this.sidOwner(sid) : null;
      const joined =
        column !== "GrantSendOnBehalfTo" ? this.joinedTrustees(value, owner ?? undefined) : null;
      const broken = joined !== null && (joined.sep === "line breaks" || joined.sep === "tabs");
      const damage =
        (refused && !hidden) || broken ? null : this.damagedName(file, value, "trustee");
      if (refused && !hidden) {
        // The recipient is in the export, but its row was refused for a problem of its own.
        reason = "unresolvedTrustee";
        message = `${quote(value)}${bySid ? ` (the row's SID ${sid.trim()})` : ""} names the recipient at ${refused.file} line ${refused.line}, whose row was ${refused.fix ? "skipped" : "refused"} (${refused.why}), so the right it grants would be lost`;
        fix = () => `${this.refusedFix(refused)}; ${ALLOW}`;
      } else if (damage) {
        reason = "damagedText";
        message = damage.message;
        fix = damage.fix;
        if (damage.ansiPage) this.ansiDamaged.add(`${file}:${line}:${column}`);
      } else if (recovered !== null) {
        // Mis-decoded, and the real text names no one either: both are to be fixed, the
        // encoding first (the name can only be checked once it reads right).
        reason = "unresolvedTrustee";
        message = `${quote(value)} is ${quote(recovered)} mis-decoded (its UTF-8 bytes were read as Windows-1252), and names no recipient either way; the right it grants would be lost`;
        fix = (shape) =>
          `${oneEncodingFix(shape)}; then, if ${quote(recovered)} still names no one, check it with Get-Recipient ${cmd(recovered)}${allowUnless(shape)}`;
      } else if (joined) {
        // Several trustees joined into a column of one trustee per row: never split on a guess
        // (a name may hold the separator), and never "names no one" while its pieces name
        // recipients: each piece is named, as granted to no one (f11 gap 1). The row's SID is
        // one account's, so it names no more than one of them (rev11j finding 1).
        reason = "unresolvedTrustee";
        message = `${quote(value)} names no recipient as a whole and looks like trustees joined: ${this.joinedText(joined)}, but ${column} holds one trustee per row (Exchange writes a row for each)${
          owner !== null
            ? `, and the row's SID ${sid.trim()} is ${this.recipients.addresses[owner]}'s alone`
            : ""
        }, so the build does not split it and grants none of them`;
        fix = (shape) => `${fixFor(shape, FIX.oneTrusteePerRow(column))}; ${ALLOW}`;
      } else {
        reason = diagnoseUnresolved(value, sid, this.unresolvedFacts);
        message = this.unresolvedMessage(value, reason) + (this.listNote ?? "");
        const why = reason;
        const list = this.listUnnamed;
        // A list reported whole: the pieces that name no one are what to check, not the value.
        fix = list
          ? (shape) =>
              `check ${list.pieces
                .slice(0, 5)
                .map((u) => `Get-Recipient ${cmd(u)}`)
                .join(
                  ", "
                )}: a name the exports lack, or part of one name holding "${list.sep}"; ${fixFor(shape, FIX.sendOnBehalfJoin(list.sep))}; ${ALLOW}`
          : (shape) => this.unresolvedFix(shape, line, value, why);
      }
    }
    this.summary.dropped[reason]++;
    if (reason === "systemAccount" && isEveryone(value, sid))
      this.everyone.push({ file, line, mailbox: mailboxAddress, right: rightOf(bits), value });
    else if (reason === "systemAccount" && builtInPeopleGroup(value, sid) !== null)
      this.peopleGroups.push({ file, line, mailbox: mailboxAddress, right: rightOf(bits), value });
    const kind: UnresolvedValue["kind"] =
      reason === "ambiguousTrustee"
        ? "ambiguous"
        : reason === "unresolvedTrustee"
          ? "unmatched"
          : (reason as UnresolvedValue["kind"]);
    if (this.summary.unresolved.length < MAX_UNRESOLVED_LISTED)
      this.summary.unresolved.push({ file, line, column, value, kind });
    if (LOST_REASONS.has(reason)) {
      this.lose(
        {
          file,
          line,
          column,
          value,
          mailbox: mailboxAddress,
          right: rightOf(bits),
          reason,
          message,
          fix: "",
        },
        fix
      );
    } else if (reason === "orphanedSid" && this.options.strict) {
      this.problems.add({
        file,
        line,
        column,
        message,
        // The cmdlet that removes it depends on where the right is held (rev11 finding 11).
        fix: `no exported recipient has this SID, so its account was deleted: remove the orphaned permission in Exchange (${
          column === "GrantSendOnBehalfTo"
            ? `Set-${file === "groups.csv" ? "DistributionGroup" : "Mailbox"} ${mailboxAddress} -GrantSendOnBehalfTo @{remove="${value.trim()}"}`
            : file === "mailbox-permissions.csv"
              ? `Remove-MailboxPermission -Identity ${mailboxAddress} -User ${value.trim()} -AccessRights FullAccess`
              : file === "recipient-permissions.csv"
                ? `Remove-RecipientPermission -Identity ${mailboxAddress} -Trustee ${value.trim()} -AccessRights SendAs`
                : "Remove-RecipientPermission for Send As, Remove-MailboxPermission for Full Access"
        }) and export again, or build without --strict to skip it`,
      });
    }
  }

  /**
   * The recipient a row's SID names (a Sid column's, or the object id an Entra SID S-1-12-1-…
   * encodes), or null: the same lookup grant() makes.
   */
  private sidOwner(sid: string): number | null {
    if (!this.recipients.hasSids && !/^S-1-12-1-/i.test(sid.trim())) return null;
    const who = this.recipients.resolveSid(sid);
    return typeof who === "number" ? who : null;
  }

  /**
   * The recipient one piece of a joined cell names: by name, or by SID when the piece is one
   * (rev11k finding 2: "yamada@…,S-1-5-21-…-1101" with Yamada's SID lost Chloé's part, exit 0).
   */
  private pieceOwner(piece: string): Resolution {
    const who = this.recipients.resolve(piece);
    if (who !== "unresolved" || !SID_TEXT.test(piece.trim())) return who;
    return this.sidOwner(piece) ?? "unresolved";
  }

  /** "cut at ";", "A" (a@…) names a recipient and "B" names no one": a joinedTrustees result. */
  private joinedText(joined: { sep: string; named: string[]; unnamed: string[] }): string {
    const show = (pieces: string[]) =>
      pieces
        .slice(0, 5)
        .map((p) => {
          const who = this.pieceOwner(p);
          return typeof who === "number"
            ? `${quote(p)} (${this.recipients.addresses[who]})`
            : quote(p);
        })
        .join(", ") + (pieces.length > 5 ? ` and ${pieces.length - 5} more` : "");
    return `cut at ${joined.sep.length === 1 ? `"${joined.sep}"` : joined.sep}, ${show(joined.named)} ${
      joined.named.length === 1 ? "names a recipient" : "each name a recipient"
    }${
      joined.unnamed.length > 0
        ? ` and ${show(joined.unnamed)} ${joined.unnamed.length === 1 ? "names" : "name"} no one`
        : ""
    }`;
  }

  /**
   * A value that names no recipient whole but looks like trustees joined into one cell: cut at
   * ";", line breaks, "|", tabs, "," or spaces (the first that fits), pieces of up to
   * MAX_LONG_SPAN cuts that name one recipient each ("Chloé Martin" stays whole when cut at
   * spaces), with the pieces that name no one, the separator as shown in a message, and who the
   * named pieces are. Names may hold "," and spaces ("Weiß, Jürgen", "山田 太郎"), so at those every
   * piece must name someone; at the others one is enough. With `owner` (the recipient the row's
   * SID names), a value whose pieces name anyone else is joined too, whatever the separator
   * (rev11j finding 1: "yamada@…;chloe@…" with Yamada's SID gave Yamada the right and lost
   * Chloé's, exit 0), while a name whose pieces name only the SID's owner ("Omar Haddad (old)")
   * is not. Null when none fits.
   */
  private joinedTrustees(
    value: string,
    owner?: number
  ): { sep: string; named: string[]; unnamed: string[]; ids: number[] } | null {
    for (const join of JOINS) {
      const spans: [number, number][] = [];
      let start = 0;
      for (const m of value.matchAll(join.split)) {
        spans.push([start, m.index]);
        start = m.index + m[0].length;
      }
      spans.push([start, value.length]);
      const tokens = spans.filter(([a, b]) => value.slice(a, b).trim() !== "");
      if (tokens.length < 2 || tokens.length > MAX_COMMA_PIECES) continue;
      const named: string[] = [];
      const unnamed: string[] = [];
      const ids: number[] = [];
      let run: [number, number] | null = null;
      for (let i = 0; i < tokens.length;) {
        let j = Math.min(tokens.length, i + MAX_LONG_SPAN);
        let who: Resolution = "unresolved";
        for (; j > i; j--) {
          if (i === 0 && j === tokens.length) continue;
          who = this.pieceOwner(value.slice(tokens[i][0], tokens[j - 1][1]).trim());
          if (typeof who === "number") break;
        }
        if (typeof who === "number") {
          if (run) unnamed.push(value.slice(run[0], run[1]).trim());
          run = null;
          named.push(value.slice(tokens[i][0], tokens[j - 1][1]).trim());
          ids.push(who);
          i = j;
        } else {
          run = run ? [run[0], tokens[i][1]] : [tokens[i][0], tokens[i][1]];
          i++;
        }
      }
      if (run) unnamed.push(value.slice(run[0], run[1]).trim());
      if (named.length === 0 || named.length + unnamed.length < 2) continue;
      const others = owner !== undefined && ids.some((id) => id !== owner);
      // A built-in account's name or SID string is no part of a person's name ("NT
      // AUTHORITY\SELF,chloe", "S-1-5-10 & chloe"): it names someone for this test, so a "," or
      // space cell holding one is joined (g12d item 6, rev11l finding 2).
      if (others || join.hard || (owner === undefined && unnamed.every((u) => builtInPiece(u))))
        return { sep: join.sep, named, unnamed, ids };
    }
    return null;
  }

  /**
   * The damaged-name diagnosis of a value that names no recipient as written, for a trustee and
   * for an Identity alike (rev11 finding 12): a hidden, bidirectional or space-like character;
   * UTF-8 read as Windows-1252 (here, or in the recipients' own file); "?" for every letter
   * outside ASCII (here, or in the recipients' file). Null when none of these explains it.
   * Each message names the recipient the value would name once repaired, and the encoding fix.
   */
  private damagedName(
    file: string,
    value: string,
    role: "trustee" | "Identity"
  ): { message: string; fix: (shape: FileShape) => string; ansiPage?: boolean } | null {
    const label = role === "Identity" ? `Identity ${quote(value)}` : quote(value);
    // Every recipient the "?" could stand for, in its own spelling: never one guessed (rev11d
    // finding 12: "J?rgen Wei?" is "Jürgen Weiß" or "Jörgen Weiß").
    const candidates = value.includes("?") ? this.questionNames.candidates(value) : [];
    const damaged =
      candidates.length === 0
        ? null
        : candidates.length === 1
          ? quote(candidates[0])
          : `one of ${candidates.map((c) => quote(c)).join(", ")} (the build does not guess which)`;
    // eslint-disable-next-line no-control-regex -- ASCII is the point
    const mangledHere = /[^\u0000-\u007f]/.test(value) ? asciiMangled(value) : "";
    const named = (text: string): number | null => {
      const id = text ? this.recipients.resolve(text) : "unresolved";
      return typeof id === "number" ? id : null;
    };
    // Mis-decoded once or more (opened as ANSI and saved again, each time: "ChloÃƒÂ©" is
    // "Chloé" twice; f11c item 8): the first reading that names someone, else the last.
    const readings = misDecodedReadings(value);
    const namedAt = readings.findIndex((r) => named(r) !== null);
    const times = namedAt >= 0 ? namedAt + 1 : readings.length;
    const real = times > 0 ? readings[times - 1] : null;
    // In a value that is UTF-8 read as Windows-1252, U+0081 ("Á" is C3 81) or a soft hyphen ("í"
    // is C3 AD) are its bytes, explained by the mis-decoding, in every reading but the real text:
    // the real text is what is checked for hidden characters (f11c item 4; rev11g S1, where a
    // name mis-decoded twice was called one with U+009D).
    const invisible = firstInvisible((real ?? value).trim());
    const asAnsi = real === null && mangledHere ? readAsWindows1252(value) : "";
    // A file read as 1252 but written in another ANSI or OEM code page (cp1250, cp932, cp850...):
    // the value read in that page names the recipient (rev11c finding 9). Only text that 1252
    // reads (a file read in another encoding gives no such value) and that another page turns
    // into a recipient's name exactly: no coincidence of a real name.
    const byAnsiPage = () => {
      for (const reading of ansiReadings(value)) {
        const id = named(reading.text);
        if (id === null) continue;
        return {
          message: `${label} is ${quote(reading.text)} (${this.recipients.addresses[id]}) written in ${reading.page}, not in Windows-1252, which the build read it as: ${ansiPageCause(file, reading.page)}`,
          fix: (shape: FileShape) => `${fixFor(shape, FIX.codePage(reading.page))}; ${ALLOW}`,
          ansiPage: true,
        };
      }
      return null;
    };
    // A byte 1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), read as U+0081 ... U+009D, is
    // a letter of the page the file was written in (cp850's 0x81 is "ü"), no hidden character
    // set in Exchange: the encoding is the fault, never the user's name (rev11s finding 1).
    // The same for 0xA0 and 0xAD, which 1252 reads as a no-break space and a soft hyphen: letters
    // in the OEM pages (cp850's "á", cp866's "а", cp852's "ş"; rev11t finding 1). When no reading
    // names anyone but the file was judged to be in such a page (csv.ts checkAnsi), the value is
    // garbled as read: the code page's diagnosis and fix, never the rename fix.
    const pageLetters =
      invisible !== null &&
      real === null &&
      firstInvisible(value.replace(/[\u0080-\u009f\u00a0\u00ad]/g, "x")) === null;
    if (pageLetters) {
      const inPage = byAnsiPage();
      if (inPage) return inPage;
      const codePage = this.shape(file).codePage;
      const text = codePage?.id ? readingIn(value, codePage.id) : null;
      if (codePage && text !== null && text !== value && firstInvisible(text) === null) {
        return {
          message: `${label} is garbled as read: ${file} is not in Windows-1252, which the build read it as, but most likely in ${codePage.page} (see line ${codePage.line}), where it reads ${quote(text)}; as read, it cannot be matched: ${ansiPageCause(file, codePage.page)}`,
          fix: (shape: FileShape) => `${fixFor(shape, FIX.codePage(codePage.page))}; ${ALLOW}`,
          ansiPage: true,
        };
      }
    }
    if (invisible) {
      // Never matched without it: the character may make one address look like another.
      // A space-like one (NBSP, U+3000, ...) stands where a space belongs (rev11 finding 6).
      const spaced = value.replace(SPACE_LIKE, " ").replace(/ {2,}/g, " ");
      const bySpace = spaced !== value ? named(stripInvisible(spaced)) : null;
      const without = bySpace === null ? named(stripInvisible(value)) : null;
      const id = bySpace ?? without;
      return {
        message: `${label} holds the ${bySpace !== null ? "space-like" : "invisible or bidirectional"} character ${invisible}${
          bySpace !== null
            ? `: with a space in its place it would name ${this.recipients.addresses[bySpace]}, but a value with such a character is never matched (it could be made to look like another)`
            : id !== null
              ? `: without it, it would name ${this.recipients.addresses[id]}, but a value with a hidden character is never matched (it could be made to look like another)`
              : ", and names no recipient with or without it"
        }`,
        fix: (shape) => `${fixFor(shape, FIX.nameHidden(role, file, cmdletFor(file)))}; ${ALLOW}`,
      };
    }
    if (real !== null && (named(real) !== null || times > 1)) {
      // The value's own file holds it mis-decoded (a file that mixes encodings, or UTF-8
      // opened and saved again as ANSI): the encoding is the one fault, not the name. Read as
      // Windows-1252 more than once, it is mis-decoded text whether or not it names anyone.
      const names = named(real) !== null ? "" : `, and names no recipient as ${quote(real)} either`;
      return {
        message:
          times === 1
            ? `${label} is ${quote(real)} mis-decoded (its UTF-8 bytes were read as Windows-1252), so it names no recipient: ${file} was written in two encodings, or saved again after it was read in the wrong one`
            : `${label} is ${quote(real)} mis-decoded ${timesText(times)}: ${file} was written as UTF-8 and read as Windows-1252 ${timesText(times)} (opened as ANSI in Excel or an editor and saved again, each time)${names || ", so it names no recipient"}`,
        fix: (shape) => `${oneEncodingFix(shape)}${allowUnless(shape)}`,
      };
    }
    if (asAnsi && named(asAnsi) !== null) {
      // The other way round: the recipient's own name was mis-decoded in the exports.
      const id = named(asAnsi) as number;
      return {
        message: `${label} matches only ${quote(this.recipients.displayNames[id] || asAnsi)} in the recipients, which is this name mis-decoded (UTF-8 bytes read as Windows-1252): ${this.recipientsFile(file)} was written in two encodings, or saved again after it was read in the wrong one`,
        fix: () => `${oneEncodingFix(this.shape(this.recipientsFile(file)))}; ${ALLOW}`,
      };
    }
    // The other way round for a code page: the recipients' file is in one (csv.ts checkAnsi
    // judged it), and the value, right as written, is how that file shows the name read as
    // Windows-1252 ("Renée Dubois" is recipients.csv's "Ren‚e Dubois" in cp850; rev11t finding 9).
    const recipientsPage = this.shape(this.recipientsFile(file)).codePage;
    const shownThere =
      recipientsPage?.id && real === null ? readAs1252From(value, recipientsPage.id) : null;
    if (recipientsPage && shownThere !== null && named(shownThere) !== null) {
      const recipientsShape = this.shape(this.recipientsFile(file));
      const id = named(shownThere) as number;
      return {
        message: `${label} matches only ${quote(shownThere)} (${this.recipients.addresses[id]}) in ${recipientsShape.file}, which is this name written in ${recipientsPage.page} and read as Windows-1252: ${ansiPageCause(recipientsShape.file, recipientsPage.page)} (see its line ${recipientsPage.line})`,
        fix: () => `${fixFor(recipientsShape, FIX.codePage(recipientsPage.page))}; ${ALLOW}`,
        ansiPage: true,
      };
    }
    const inAnsiPage = byAnsiPage();
    if (inAnsiPage) return inAnsiPage;
    // The recipients' own name has "?" for only some of its letters ("Antonín Dvo?ák" for the
    // value "Antonín Dvořák"): the same rule the other way round (f11 gap 3).
    const partly =
      mangledHere && named(mangledHere) === null ? this.questionNames.spelled(value) : null;
    if (partly !== null) {
      const other = this.recipients.displayNames[partly] || this.recipients.addresses[partly];
      return {
        message: `${label} matches only "${other}" in ${this.recipientsFile(file)}, which has "?" for some of its letters: ${questionCause(this.shape(this.recipientsFile(file)), other)}`,
        fix: () => `${fixFor(this.shape(this.recipientsFile(file)), FIX.utf8())}; ${ALLOW}`,
      };
    }
    if (mangledHere && named(mangledHere) !== null) {
      const other = this.recipients.displayNames[named(mangledHere) as number];
      return {
        message: `${label} matches only "${other || mangledHere}" in ${this.recipientsFile(file)}, which has "?" for every letter outside ASCII: ${questionCause(this.shape(this.recipientsFile(file)))}`,
        fix: () => `${fixFor(this.shape(this.recipientsFile(file)), FIX.utf8())}; ${ALLOW}`,
      };
    }
    if (damaged) {
      return {
        message: `${label} looks like ${damaged} with ${mangledHere ? "letters" : "every letter"} outside ASCII replaced by "?": ${questionCause(this.shape(file), value)}`,
        fix: (shape) => `${fixFor(shape, FIX.utf8())}; ${ALLOW}`,
      };
    }
    return null;
  }

  /**
   * The skipped or refused recipients.csv row whose SID a row's SID column (UserSid,
   * TrusteeSidString) holds, if any. Failure path only.
   */
  private refusedBySid(sid: string | undefined): RefusedRow | undefined {
    const v = (sid ?? "").trim();
    return /^S-1-/i.test(v) ? this.recipients.refusedRow(v) : undefined;
  }

  /**
   * Whether a row's SID, which no exported recipient has, is proven to be none of theirs: the
   * orphaned-SID proof (rules.diagnoseUnresolved: a domain account's SID while every recipient
   * carries a Sid), or the SID of a skipped or refused recipients.csv row (an account the exports
   * list, not a recipient of the build). Only for a SID no recipient has (a conflict's test).
   */
  private sidOfNoRecipient(sid: string): boolean {
    if (this.refusedBySid(sid) !== undefined) return true;
    return (
      this.recipients.everyRecipientHasSid &&
      diagnoseUnresolved(sid, "", this.unresolvedFacts) === "orphanedSid"
    );
  }

  /** What the exports prove about trustees that resolve to no recipient (rules.diagnoseUnresolved). */
  private get unresolvedFacts(): UnresolvedFacts {
    return {
      hasSids: this.recipients.everyRecipientHasSid,
      hasSamAccountNames: this.recipients.hasSamAccountNames,
    };
  }

  /** The fix for a right lost because its recipient's row was refused: that row's own problem. */
  private refusedFix(refused: { file: string; line: number; fix?: string }): string {
    if (refused.fix) return refused.fix;
    return `correct ${refused.file} line ${refused.line} first (see the problem reported for it, with its fix), then build again`;
  }

  /**
   * What to do about a value several recipients share. The script writes trustees as Exchange
   * returns them, so re-running it changes nothing: the names must differ in Exchange. Any other
   * source can write the trustee's primary SMTP address instead.
   */
  private ambiguousFix(shape: FileShape, column: string, value: string): string {
    // The change in Exchange that tells them apart depends on the forms that collided
    // (rev11 finding 4): renaming a display name does not undo an alias or address collision.
    const found = this.recipients.candidateForms(value);
    const forms = new Set(found.map((c) => c.form));
    const who = (form: string) => found.find((c) => c.form === form)?.id ?? found[0]?.id ?? -1;
    const addr = (id: number) => (id >= 0 ? this.recipients.addresses[id] : "<recipient>");
    const changes: string[] = [];
    if (forms.has("Alias") || forms.has("SamAccountName")) {
      const parts: string[] = [];
      if (forms.has("Alias"))
        parts.push(
          `give ${addr(who("Alias"))} another alias in Exchange (Set-Mailbox ${addr(who("Alias"))} -Alias <new alias>)`
        );
      if (forms.has("SamAccountName"))
        parts.push(
          `give ${addr(who("SamAccountName"))}'s account another sAMAccountName (Set-ADUser -SamAccountName on premises; Set-User -SamAccountName in Exchange Online)`
        );
      changes.push(parts.join(", or "));
    }
    if (forms.has("UPN") || forms.has("proxy address") || forms.has("primary SMTP address")) {
      if (forms.has("proxy address"))
        changes.push(
          `remove the address in Exchange from the recipient that should not have it (Set-Mailbox ${addr(who("proxy address"))} -EmailAddresses @{remove=${cmd(value.trim())}})`
        );
      if (forms.has("UPN"))
        changes.push(
          `give ${addr(who("UPN"))} a user principal name no other recipient has as an address (Set-User ${addr(who("UPN"))} -UserPrincipalName <new UPN>)`
        );
    }
    if (
      forms.size === 0 ||
      forms.has("display name") ||
      forms.has("Identity or Name") ||
      forms.has("Name") ||
      forms.has("object id")
    )
      changes.push(
        "give the recipients different names in Exchange (Set-Mailbox / Set-MailUser / Set-Group -Name or -DisplayName)"
      );
    const inExchange = `${changes.join("; or ")} and export again`;
    if (shape.source === "exportScript")
      return `${shape.file} holds the ${column} as Exchange returns it, a name these recipients share: ${inExchange}`;
    return `${fixFor(shape, FIX.uniqueTrustee(column))}; or ${inExchange}`;
  }

  /**
   * "2 recipients: chloe@contoso.com (its Identity, Name, Alias or object id), yamada@... (its
   * display name)": who an ambiguous value names and how, the first five.
   */
  /**
   * Why a trustee named like Everyone (rules.isEveryone) with no SID in its row is not placed:
   * the exports hold a recipient of that name (rev11k finding 1), so it is either.
   */
  private everyoneNamesake(value: string): string {
    const who = this.recipients.resolve(value);
    const named =
      typeof who === "number"
        ? `the recipient ${this.recipients.addresses[who]}`
        : this.candidatesText(value);
    return `${quote(value)} is the built-in Everyone or ${named} of that name, and the row has no SID to tell which, so the build does not guess`;
  }

  /**
   * The recipients a trustee's SID names when several recipients carry it (a damaged Sid
   * column): the value itself written as a SID, or a name that matches no one beside the row's
   * SID (grant reads such a row by its SID). [] otherwise.
   */
  private sidSharersOf(value: string, sid: string): readonly number[] {
    if (/^S-1-\d+(-\d+)+$/i.test(value.trim())) {
      const byValue = this.recipients.sidSharers(value);
      if (byValue.length > 1) return byValue;
    }
    if (sid && this.recipients.resolve(value) === "unresolved")
      return this.recipients.sidSharers(sid);
    return [];
  }

  /** "S-1-5-21-…" is the Sid of 2 recipients: a@… (recipients.csv line 2), b@… (line 3). */
  private sharedSidText(value: string, sid: string, sharers: readonly number[]): string {
    const shown = sharers
      .slice(0, 5)
      .map((id) => {
        const line = this.recipients.recipientsCsvLines[id];
        return `${this.recipients.addresses[id]}${line !== undefined ? ` (recipients.csv line ${line})` : ""}`;
      })
      .join(", ");
    const asSid = /^S-1-\d+(-\d+)+$/i.test(value.trim());
    return `${asSid ? quote(value) : `${quote(value)} names no recipient, and the row's SID ${sid.trim()}`} is the Sid of ${sharers.length} recipients: ${shown}${sharers.length > 5 ? ", ..." : ""}; no two accounts share a SID, so whose it is cannot be told`;
  }

  /** The fix for a SID several recipients carry: recipients.csv again, never a rename. */
  private sharedSidFix(file: string): string {
    const recipients = this.recipientsFile(file);
    return `the Sid column of ${recipients} is damaged or edited (no two accounts share a SID): export ${recipients} again${recipients === "recipients.csv" ? " with Export-SendFromData.ps1" : ""} and do not edit it; renaming a recipient in Exchange changes nothing`;
  }

  private candidatesText(value: string): string {
    const found = this.recipients.candidateForms(value);
    if (found.length < 2) return "several recipients";
    const shown = found
      .slice(0, 5)
      .map((c) => `${this.recipients.addresses[c.id]} (its ${c.form})`)
      .join(", ");
    return `${found.length} recipients: ${shown}${found.length > 5 ? ", ..." : ""}`;
  }

  private unresolvedMessage(value: string, reason: DropReason): string {
    if (reason === "systemAccount")
      return `${quote(value)} is a built-in account or group, not a mail user (systemAccount)`;
    if (reason === "orphanedSid")
      return `${quote(value)} is a domain account's SID that no exported recipient has, although the exports carry recipients' SIDs: Exchange writes the SID when the account was deleted (orphanedSid)`;
    const v = value.trim();
    if (/^S-1-\d+(-\d+)+$/i.test(v)) {
      return `${quote(value)} is a SID that no exported recipient has (${
        !this.recipients.hasSids
          ? "the exports carry no Sid column"
          : this.recipients.everyRecipientHasSid
            ? "not in any Sid column"
            : `not in the Sid column, but the exports have no Sid for ${this.recipients.withoutSid().join(", ")}${this.recipients.withoutSid(4).length > 3 ? " and others" : ""} (the files that list them have no Sid column, or an empty Sid there), and it may be theirs`
      }): a deleted account, or a live one ${this.recipients.everyRecipientHasSid ? "the exports do not list" : "whose Sid the exports lack"}; they do not prove which, so the right it grants would be lost`;
    }
    if (v.indexOf("\\") > 0 && this.summary.inputFormat !== "export-recipient-permissions") {
      return this.recipients.hasSamAccountNames
        ? `${quote(value)} is a domain account (DOMAIN\\sAMAccountName) that no exported SamAccountName matches: a deleted account, or a live one the exports do not list; they do not prove which, so the right it grants would be lost`
        : `${quote(value)} is a domain account (DOMAIN\\sAMAccountName), but ${
            this.recipients.samAccountNameColumn
              ? "the SamAccountName column of recipients.csv is empty"
              : "the SamAccountName column is missing from recipients.csv"
          }, so the name cannot be matched to any recipient: ${
            this.shape("recipients.csv").source === "exportScript"
              ? `the current ${SCRIPT} emits SamAccountName, so recipients.csv came from an older version of it`
              : `${SCRIPT}, or the tool that wrote recipients.csv, must emit SamAccountName`
          }; the right it grants would be lost`;
    }
    return `${quote(value)} names no recipient in the exports (not as address, UPN, alias, name, display name, object id${this.recipients.hasSamAccountNames ? " or sAMAccountName" : ""}); the right it grants would be lost`;
  }

  private unresolvedFix(shape: FileShape, line: number, value: string, reason: DropReason): string {
    if (reason !== "unresolvedTrustee") return "nothing to do: no one loses a right";
    // A name from a file that mixes encodings is likely mis-decoded: the encoding is the fault.
    if (mixedBefore(shape, line, value))
      return `${shape.file} mixes encodings from line ${shape.mixedEncodingLine} on, so this name may be mis-decoded: ${oneEncodingFix(shape)}, and build again; if it still names no one then, check it with Get-Recipient ${cmd(value)}`;
    const v = value.trim();
    const erp = this.summary.inputFormat === "export-recipient-permissions";
    if (erp) {
      // Export-RecipientPermissions writes Trustee Primary SMTP for every trustee it resolved:
      // one it left empty was not a recipient when it ran (or the file is from another run).
      // Get-Recipient finds mail-enabled objects only: a security group without mail holds rights
      // too, and ExpandGroups lists its members ("works for all groups, mail-enabled or not",
      // Export-RecipientPermissions' README), so it is never to be removed as stale (rev11e 1).
      return `check the trustee with Get-Recipient ${cmd(value)}: if it exists, Export-RecipientPermissions did not resolve it to a recipient (Trustee Primary SMTP is empty); ${fixFor(shape, FIX.rerun())}; if Get-Recipient does not find it, look for a group without mail (Get-Group ${cmd(value)} in Exchange Online, Get-ADGroup on premises): if it is one, run Export-RecipientPermissions with -ExpandGroups $true, which lists the members of every group, mail-enabled or not, so each member's row carries the right; only if neither finds it, remove the stale permission in Exchange; ${ALLOW}`;
    }
    if (v.includes("\\") && !this.recipients.hasSamAccountNames) {
      const recipients = this.shape("recipients.csv");
      return `${fixFor(recipients, FIX.samAccountName())}${recipients.source === "exportScript" ? "" : `, or use the current ${SCRIPT}, which emits it`}; ${ALLOW}`;
    }
    const sidGap =
      /^S-1-/i.test(v) && this.recipients.hasSids && !this.recipients.everyRecipientHasSid
        ? `; recipients.csv has no Sid for ${this.recipients.withoutSid().join(", ")}${this.recipients.withoutSid(4).length > 3 ? " and others" : ""} (a row missing, or an empty Sid), so export it again with every recipient and its Sid`
        : "";
    if (/^S-1-12-1-/i.test(v)) {
      // S-1-12-1-… is a Microsoft Entra object's SID (its object id in four parts): no on-premises AD has it.
      // Decoded here, so the admin need not (rev11c finding 12).
      const objectId = entraSidToObjectId(v);
      return `look the account up in Microsoft Entra ID by the object id the SID encodes${objectId ? `, ${objectId} (Get-MgUser -UserId ${objectId}, or Get-MgGroup -GroupId ${objectId} for a group)` : ` (Get-Recipient ${cmd(v)})`}: if it exists, the exports are incomplete or from different runs, so export them all again in one run${sidGap}; only if it no longer exists, remove the stale permission in Exchange; ${ALLOW}`;
    }
    if (/^S-1-\d+(-\d+)+$/i.test(v) || v.includes("\\")) {
      // Get-Recipient and recipients.csv list mail-enabled objects only: a security group
      // without mail holds rights too, so the lookup must find any principal (rev11 finding 19).
      return `look the account up with a cmdlet that finds any user or group, not only mail-enabled ones (Get-ADObject, Get-ADGroup or Get-ADUser on premises; Get-User and Get-Group in Exchange Online; Get-Recipient ${cmd(v)} lists mail-enabled recipients only): if it is a group without mail, mail-enable it (Enable-DistributionGroup) or export its members, so its members' right is not lost; if it exists otherwise, the exports are incomplete or from different runs, so export them all again in one run${sidGap}; only if none of these finds it, remove the stale permission in Exchange; ${ALLOW}`;
    }
    return `check the trustee with Get-Recipient ${cmd(value)}: if it exists, recipients.csv is incomplete or from another export, so export all files again in one run; ${fixFor(shape, FIX.trusteesAsExchange())}; ${ALLOW}`;
  }

  /**
   * Rows of group-members.csv whose member names no recipient: each right the group holds is lost
   * for that member, and so is each right of every group it is nested in (a member of a nested
   * group is a member of the outer group too). A group that holds no right, directly or through
   * the groups it is inside, loses nothing: such rows are only counted.
   */
  unknownMembers(rows: readonly { group: number; line: number; value: string }[]): void {
    for (const row of rows) {
      const group = this.recipients.addresses[row.group];
      // Full Access and Send As reach a member through security groups only (rev11q finding 2).
      const aclHolders = this.groups.hasNonSecurity()
        ? new Set(this.groups.groupsContaining(row.group, true))
        : null;
      for (const holder of this.groups.groupsContaining(row.group)) {
        const grants = this.groupGrants.get(holder);
        if (!grants) continue;
        const through =
          holder === row.group
            ? group
            : `${group}, a group nested in ${this.recipients.addresses[holder]}`;
        const refused = this.recipients.refusedRow(row.value);
        // A member value that is a recipient's name damaged ("?", mis-decoded, another ANSI
        // code page, a hidden character) gets that diagnosis, as a trustee does (rev11c finding 9).
        const damage = refused ? null : this.damagedName("group-members.csv", row.value, "trustee");
        if (damage?.ansiPage)
          this.ansiDamaged.add(`group-members.csv:${row.line}:MemberPrimarySmtpAddress`);
        // Several members joined into one row's value: named piece by piece, never "names no one".
        const joined = refused || damage ? null : this.joinedTrustees(row.value);
        for (const g of grants) {
          for (const bit of [SEND_AS, SEND_ON_BEHALF, FULL_ACCESS]) {
            if (!(g.bits & bit)) continue;
            if (bit !== SEND_ON_BEHALF && aclHolders && !aclHolders.has(holder)) continue;
            this.summary.dropped[damage ? "damagedText" : "unresolvedTrustee"]++;
            this.summary.accounting.considered++;
            this.lose(
              {
                file: "group-members.csv",
                line: row.line,
                column: "MemberPrimarySmtpAddress",
                value: row.value,
                mailbox: this.recipients.addresses[g.mailbox],
                right: rightOf(bit),
                reason: damage ? "damagedText" : "unresolvedTrustee",
                message: damage
                  ? `member of ${through}: ${damage.message}, so the right ${this.recipients.addresses[holder]} holds (${g.file}) would not reach them`
                  : refused
                    ? `member ${quote(row.value)} of ${through} is the recipient at ${refused.file} line ${refused.line}, whose row was ${refused.fix ? "skipped" : "refused"} (${refused.why}), so the right ${this.recipients.addresses[holder]} holds (${g.file}) would not reach them`
                    : joined
                      ? `${quote(row.value)}, listed as one member of ${through}, names no recipient as a whole and looks like members joined: ${this.joinedText(joined)}, but MemberPrimarySmtpAddress holds one member per row, so the build does not split it and the right ${this.recipients.addresses[holder]} holds (${g.file}) reaches none of them`
                      : g.noUser
                        ? `member ${quote(row.value)} of ${through} names no one recipient in the exports, and no member of ${this.recipients.addresses[holder]} does: the right it holds (${g.file}, line ${g.line}) reaches no one the exports name, so it is lost, not an empty group`
                        : `member ${quote(row.value)} of ${through} names no one recipient in the exports, so the right ${this.recipients.addresses[holder]} holds (${g.file}) would not reach them`,
                fix: "",
              },
              (shape) =>
                damage
                  ? damage.fix(shape)
                  : refused
                    ? `${this.refusedFix(refused)}; ${ALLOW}`
                    : joined
                      ? `${fixFor(shape, FIX.oneMemberPerRow())}; ${ALLOW}`
                      : `export recipients.csv and group-members.csv in one run (a member added while exporting?); ${fixFor(shape, FIX.membersByAddress())}; ${ALLOW}`
            );
          }
        }
      }
    }
  }

  /**
   * Rows of group-members.csv whose GroupPrimarySmtpAddress names no one recipient (damaged by a
   * hidden or look-alike character, empty, a group renamed between the export's steps, or naming
   * several recipients). The member is in a group the build cannot tell, so every right (and every
   * Deny) that group holds cannot be placed: never read as "an empty group", which would drop the
   * member's rights silently (rev11i findings 2 and 3). Each row fails the build, even with
   * --allow-unresolved, because the rights it would take away cannot be listed: the problem names
   * the file, line and column, with the damaged-name diagnosis when the value is a group's address
   * damaged (it names the group it would be once repaired).
   */
  unknownGroups(
    rows: readonly { line: number; value: string; resolution: Resolution; member: string }[]
  ): void {
    const file = "group-members.csv";
    for (const row of rows) {
      const damage =
        row.resolution === "unresolved" && row.value.trim() !== ""
          ? this.damagedName(file, row.value, "trustee")
          : null;
      const why = damage
        ? damage.message
        : row.value.trim() === ""
          ? "GroupPrimarySmtpAddress is empty"
          : row.resolution === "ambiguous"
            ? `${quote(row.value)} names ${this.recipients.candidates(row.value).length || "several"} recipients`
            : `${quote(row.value)} names no recipient in the exports`;
      const shape = this.shape(file);
      this.problems.add({
        file,
        line: row.line,
        column: "GroupPrimarySmtpAddress",
        message: `${why}: member ${quote(row.member)} is in a group the build cannot tell, so the rights that group holds cannot reach them and a Deny it holds cannot be placed (never read as an empty group)`,
        fix: damage
          ? damage.fix(shape)
          : "export recipients.csv, groups.csv and group-members.csv again in one run (a group renamed or removed while exporting?), and do not edit group-members.csv by hand; GroupPrimarySmtpAddress holds the group's primary SMTP address",
      });
    }
  }

  /**
   * A MemberRecurse row of Export-RecipientPermissions (ExpandGroups) whose member the tool
   * resolved to no recipient (Trustee Primary SMTP empty): the right the group holds on `mailbox`
   * does not reach that member, so it is lost, with the row's line and the member's value, as a
   * group-members.csv row that names no one is (unknownMembers, f11 gap 1). `noUser`: no member
   * of the group is a user the file names, so the group's own row gives the right to no one and
   * is replaced by these losses in the books, not counted as an empty group or as a group "whose
   * members the file does not list" (f11 gap 5). `group` is the group's address, or its Trustee
   * Original Identity when the file has no row for the group itself.
   */
  unknownErpMember(
    file: string,
    line: number,
    mailbox: number,
    group: string,
    noUser: boolean,
    member: string,
    bits: number,
    mark: string
  ): void {
    const damage = this.damagedName(file, member, "trustee");
    // [MemberDirect] rows list direct members only: one without mail may be a group nested in
    // the trustee group (a security group without mail), whose members the file does not list,
    // not someone who cannot send (rev11g S5). [MemberRecurse] rows list those members too.
    const direct = /direct/i.test(mark);
    const reason: DropReason = damage ? "damagedText" : "unresolvedTrustee";
    this.summary.dropped[reason]++;
    this.lose(
      {
        file,
        line,
        column: "Trustee Original Identity",
        value: member,
        mailbox: this.recipients.addresses[mailbox],
        right: rightOf(bits),
        reason,
        message: damage
          ? `member of ${group}: ${damage.message}, so the right the group holds would not reach them`
          : `member ${quote(member)} of ${group} names no recipient (Export-RecipientPermissions wrote no Trustee Primary SMTP for it)${
              direct
                ? `: a ${mark} row (direct members only), so it may be a group without mail nested in ${group}, whose own members the file does not list`
                : ""
            }${
              noUser
                ? `, and no member of ${group} does: the right the group holds reaches no one the file names, so it is lost, not an empty group`
                : ", so the right the group holds would not reach them"
            }`,
        fix: "",
      },
      (shape) =>
        damage
          ? damage.fix(shape)
          : direct
            ? `check the member with Get-Group ${cmd(member)} and Get-Recipient ${cmd(member)}: if it is a group, ${fixFor(shape, FIX.expandGroupsRecurse())} (Get-ADGroupMember ${cmd(member)} shows who is in it); if it is a recipient, Export-RecipientPermissions did not resolve it: run it again; if it is neither (an account without mailbox) it cannot send from ${this.recipients.addresses[mailbox]} through the group; ${ALLOW}`
            : `check the member with Get-Recipient ${cmd(member)}: if it is a recipient, Export-RecipientPermissions did not resolve it: ${fixFor(shape, FIX.rerun())}; if it is no recipient (no mailbox or mail address) it cannot send from ${this.recipients.addresses[mailbox]} through the group, and removing it from ${group} in Exchange says so; ${ALLOW}`
    );
  }

  /**
   * A right granted to a group whose members the export does not list (Export-RecipientPermissions
   * without ExpandGroups): who holds it cannot be told, so it is lost, not counted as an empty group.
   */
  groupMembersUnknown(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    group: string,
    bits: number,
    shape: FileShape,
    within?: { group: string; type: string; mark: string }
  ): void {
    this.summary.dropped.groupMembersUnknown++;
    this.lose(
      {
        file,
        line,
        column,
        value: group,
        mailbox: this.recipients.addresses[mailbox],
        right: rightOf(bits),
        reason: "groupMembersUnknown",
        message: within
          ? `granted to ${within.group}, whose member rows (${within.mark}) name the group ${group}, whose own members ${file} does not list`
          : `granted to the group ${group}, whose members ${file} does not list`,
        fix: "",
      },
      () =>
        within
          ? `${fixFor(shape, FIX.expandGroupsRecurse())} (${memberCmdlet(within.type, group)} shows who is in ${group}); ${ALLOW}`
          : `${fixFor(shape, FIX.expandGroups())}; ${ALLOW}`
    );
  }

  /**
   * A permission row on a recipient that recipients.csv calls a mailbox or group one can send
   * from, but that mailboxes.csv / groups.csv do not list (exported at another time, or a row
   * lost in an edit): the right on it cannot be published, so it is lost, not "not a mailbox".
   */
  unlistedTarget(
    file: string,
    line: number,
    identity: string,
    mailbox: number,
    listed: { line: number; type: string },
    bits: number,
    cause?: UnlistedCause
  ): void {
    const address = this.recipients.addresses[mailbox];
    const list =
      this.groups.isGroup(mailbox) || /group/i.test(listed.type) ? "groups.csv" : "mailboxes.csv";
    this.summary.dropped.unresolvedMailbox++;
    const is = `Identity ${quote(identity)} is ${address}, a ${listed.type} (recipients.csv line ${listed.line})`;
    // The list has the mailbox, but its row was refused or misread: that row, or the file's
    // encoding, is the fault, never "does not list it" (rev11e 5). A file that mixes encodings
    // is a problem --allow-unresolved does not pass, so it is not offered then.
    this.lose(
      {
        file,
        line,
        column: "Identity",
        value: identity,
        mailbox: address,
        right: rightOf(bits),
        reason: "unresolvedMailbox",
        message: !cause
          ? `${is}, but ${list} does not list it, so the right on it cannot be published`
          : cause.kind === "row"
            ? `${is}, whose row in ${cause.file} (line ${cause.line}) was refused (${cause.why}), so the right on it cannot be published`
            : cause.kind === "stopped"
              ? `${is}, but ${cause.file} was read only up to line ${cause.line}, where a row was refused (${cause.why}): the rows after it were not read, so whether it lists ${address} is not known and the right on it cannot be published`
              : `${is}, whose row in ${cause.file} was misread: the file mixes encodings from line ${cause.line} on (see the problem reported for that line), so the right on it cannot be published`,
        fix: "",
      },
      () =>
        !cause
          ? `export ${list}, recipients.csv and ${file} in one run (a ${list === "groups.csv" ? "group" : "mailbox"} created while exporting, or a row lost in an edit?); ${ALLOW}`
          : cause.kind === "row" || cause.kind === "stopped"
            ? `${this.refusedFix(cause)}; ${ALLOW}`
            : `${cause.fix}, then build again`
    );
  }

  /**
   * A right on a recipient that can hold it but is no Exchange Online mailbox: a MailUser or
   * GuestMailUser (in a hybrid tenant, an on-premises mailbox) or a MailContact (values.
   * isNonExchangeOnlineMailboxType). Exchange grants it (Add-RecipientPermission allows Send As
   * on mail users and mail contacts), but Send From's directory lists only Exchange Online
   * mailboxes, so it cannot be published: a lost right (reason unresolvedMailbox, the message
   * saying why), failing the build unless --allow-unresolved (rev11h finding 1).
   */
  nonExchangeOnlineTarget(
    file: string,
    line: number,
    column: string,
    identity: string,
    address: string,
    listed: { line: number; type: string; file: string },
    bits: number,
    /** Export-RecipientPermissions read it in Exchange on-premises (Grantor Environment On-Prem). */
    onPremises = false
  ): void {
    this.summary.dropped.unresolvedMailbox++;
    const contact = !onPremises && /contact/i.test(listed.type);
    const what = onPremises
      ? 'a mailbox in Exchange on-premises (its Grantor Environment is "On-Prem")'
      : contact
        ? "a mail contact: an address outside this tenant with no mailbox here"
        : "a mail user: a mailbox outside Exchange Online (in a hybrid tenant, an on-premises mailbox) or an external account";
    const here =
      listed.file === file && listed.line === line ? "" : ` (${listed.file} line ${listed.line})`;
    this.lose(
      {
        file,
        line,
        column,
        value: identity,
        mailbox: address,
        right: rightOf(bits),
        reason: "unresolvedMailbox",
        message: `${identity.trim().toLowerCase() === address.toLowerCase() ? address : `${quote(identity)} is ${address}`}, a ${listed.type}${here}, which is ${what}; Exchange grants ${rightOf(bits)} on it, but Send From sends only from Exchange Online mailboxes and groups, so the right cannot be published`,
        fix: "",
      },
      () =>
        contact
          ? `nothing to repair in the exports: Send From cannot send as a mail contact; ${ALLOW}`
          : `if ${address} is an on-premises mailbox of a hybrid tenant, move it to Exchange Online (a remote move request or migration batch) and export again; ${ALLOW}`
    );
  }

  /** A GrantSendOnBehalfTo or permission row whose Identity names no recipient (or several). */
  unknownIdentity(
    file: string,
    line: number,
    identity: string,
    how: "unresolved" | "ambiguous",
    bits: number,
    trustee?: string
  ): void {
    // Whose right it is: the lost list names the trustee too (rev11i finding 10: "SendAs on info"
    // did not say that vertrieb lost it).
    const holder = trustee?.trim() ? `; granted to ${quote(trustee.trim())}` : "";
    // An Identity that names a row refused for a problem of its own (recipients.csv, mailboxes.csv,
    // groups.csv): the right is lost because of that row, said so (rev11e 5), as for a trustee.
    const refused = how === "unresolved" ? this.recipients.refusedRow(identity) : undefined;
    if (refused) {
      this.summary.dropped.unresolvedMailbox++;
      this.lose(
        {
          file,
          line,
          column: "Identity",
          value: identity,
          mailbox: identity,
          right: rightOf(bits),
          reason: "unresolvedMailbox",
          message: `Identity ${quote(identity)} names the recipient at ${refused.file} line ${refused.line}, whose row was ${refused.fix ? "skipped" : "refused"} (${refused.why}), so the right on it cannot be published`,
          fix: "",
        },
        () => `${this.refusedFix(refused)}; ${ALLOW}`
      );
      return;
    }
    // A damaged Identity gets the diagnosis a damaged trustee gets (rev11 finding 12).
    const damage = how === "unresolved" ? this.damagedName(file, identity, "Identity") : null;
    const reason: DropReason = damage ? "damagedText" : "unresolvedMailbox";
    this.summary.dropped[reason]++;
    this.lose(
      {
        file,
        line,
        column: "Identity",
        value: identity,
        mailbox: identity,
        right: rightOf(bits),
        reason,
        message: damage
          ? damage.message
          : how === "ambiguous"
            ? `Identity ${quote(identity)} names ${this.candidatesText(identity)}: the build does not guess which mailbox the right is on${holder}`
            : `Identity ${quote(identity)} names no mailbox, group or recipient in the exports: the right on it would be lost${holder}`,
        fix: "",
      },
      damage
        ? damage.fix
        : (shape) =>
            how === "ambiguous"
              ? `${this.ambiguousFix(shape, "Identity", identity)}; ${ALLOW}`
              : `export mailboxes.csv, groups.csv, recipients.csv and ${file} in one run (a mailbox created or renamed while exporting?); ${fixFor(shape, FIX.identityAsExchange())}; ${ALLOW}`
    );
  }

  /** Deny rows whose Identity names no one mailbox (unplacedDenyIdentity), judged in finish(). */
  private readonly denyIdentities: {
    file: string;
    line: number;
    identity: string;
    how: "unresolved" | "ambiguous";
    bits: number;
  }[] = [];

  /**
   * A Deny row whose Identity names no recipient, or several (rev11i finding 4): Exchange applies
   * it to the mailbox it is on, and Deny wins over Allow, so dropping it would leave the directory
   * offering a right Outlook refuses. Judged in finish() (judgeDenyIdentities).
   */
  unplacedDenyIdentity(
    file: string,
    line: number,
    identity: string,
    how: "unresolved" | "ambiguous",
    bits: number
  ): void {
    this.denyIdentities.push({ file, line, identity, how, bits });
  }

  /**
   * Each Deny whose Identity is not one mailbox: when it names several recipients (or is a damaged
   * name that repairs to one), a Deny the build cannot place on each candidate mailbox where anyone
   * holds the right it denies (fails unless --allow-unresolved, as judgeUnplacedDenies); when the
   * mailbox cannot be told at all (a name no recipient has, a look-alike letter, a damage that
   * repairs to no one), an error with the line, even with --allow-unresolved: any mailbox's right
   * might be the one Exchange refuses.
   */
  private judgeDenyIdentities(): void {
    const a = this.recipients.addresses;
    for (const d of this.denyIdentities) {
      const damage =
        d.how === "unresolved" ? this.damagedName(d.file, d.identity, "Identity") : null;
      const candidates = new Set<number>(
        d.how === "ambiguous" ? this.recipients.candidates(d.identity) : []
      );
      const repaired = damage ? this.repairedTrustee(d.identity) : null;
      if (repaired !== null) candidates.add(repaired);
      if (candidates.size === 0) {
        const shape = this.shape(d.file);
        this.problems.add({
          file: d.file,
          line: d.line,
          column: "Identity",
          message: `a Deny that the build cannot place: ${
            damage
              ? damage.message
              : `Identity ${quote(d.identity)} names no mailbox, group or recipient in the exports`
          }, so the build cannot tell on which mailbox Exchange refuses ${rightOf(d.bits)}`,
          fix: damage
            ? damage.fix(shape)
            : `export mailboxes.csv, groups.csv, recipients.csv and ${d.file} in one run (a mailbox created or renamed while exporting?); ${fixFor(shape, FIX.identityAsExchange())}`,
        });
        continue;
      }
      for (const mailbox of candidates) {
        const holders = new Set<number>();
        for (const principal of this.table.allowedOn(mailbox, d.bits)) {
          if (this.groups.isGroup(principal))
            for (const user of this.groups.usersFor(principal, d.bits)) holders.add(user);
          else holders.add(principal);
        }
        if (holders.size === 0) continue;
        const shown = [...holders].slice(0, 5).map((h) => a[h]);
        this.lose(
          {
            file: d.file,
            line: d.line,
            column: "Identity",
            value: d.identity,
            mailbox: a[mailbox],
            right: rightOf(d.bits),
            reason: damage ? "damagedText" : "unresolvedMailbox",
            message: `a Deny that the build cannot place: ${
              damage
                ? damage.message
                : `Identity ${quote(d.identity)} names ${this.candidatesText(d.identity)}`
            }; it may be on ${a[mailbox]}, where ${shown.join(", ")}${holders.size > 5 ? ` and ${holders.size - 5} more` : ""} hold ${rightOf(d.bits)}, which Exchange would then refuse`,
            fix: "",
          },
          (shape) =>
            damage
              ? damage.fix(shape)
              : `${this.ambiguousFix(shape, "Identity", d.identity)}; ${ALLOW}`,
          true
        );
      }
    }
    this.denyIdentities.length = 0;
  }

  /**
   * Records a right lost (or, `unplacedDeny`, a Deny the build could not place: with
   * --allow-unresolved the holders keep the right it may deny, so it is listed as what it is,
   * not as a lost right: rev11d finding 5). Without --allow-unresolved both fail the build.
   */
  /**
   * A right lost because its trustee matched no one for sure (a name beside a SID that is not
   * its own, a name the source tool resolved to no recipient): counted as unresolvedTrustee and
   * listed among the unmatched values, with `message` and `fix`.
   */
  private loseUnmatched(
    row: {
      file: string;
      line: number;
      column: string;
      value: string;
      mailbox: string;
      bits: number;
    },
    { message }: { message: string },
    fix: (shape: FileShape) => string
  ): void {
    const { file, line, column, value, mailbox, bits } = row;
    // The row itself is counted as read (considered); it is dropped here as lost.
    this.summary.dropped.unresolvedTrustee++;
    if (this.summary.unresolved.length < MAX_UNRESOLVED_LISTED)
      this.summary.unresolved.push({ file, line, column, value, kind: "unmatched" });
    this.lose(
      {
        file,
        line,
        column,
        value,
        mailbox,
        right: rightOf(bits),
        reason: "unresolvedTrustee",
        message,
        fix: "",
      },
      fix
    );
  }

  private lose(grant: LostGrant, fix: (shape: FileShape) => string, unplacedDeny = false): void {
    (unplacedDeny ? this.summary.unplacedDenies : this.summary.lost).push(grant);
    this.pendingFixes.push({ grant, fix });
  }

  /**
   * Once every file is read (and what wrote it is known): each lost right gets its fix, and,
   * without --allow-unresolved, becomes a problem that fails the build.
   */
  finish(): void {
    this.reportEveryone();
    this.judgeCategoryDenies();
    this.judgeAmbiguousDenies();
    this.judgeUnplacedDenies();
    this.judgeDenyIdentities();
    this.judgeConflictDenies();
    this.judgeEveryoneDenies();
    for (const { grant, fix } of this.pendingFixes) {
      const shape = this.shape(grant.file);
      grant.fix = fix(shape);
      const codePage = shape.codePage;
      if (
        grant.reason === "unresolvedTrustee" &&
        codePage &&
        // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
        /[^\u0000-\u007f]/.test(grant.value)
      ) {
        // The file is in another code page (csv.ts checkAnsi): the name is garbled as read, so
        // it is neither called unknown nor printed in a command (rev11d finding 11).
        grant.message = `${quote(grant.value)} is garbled as read: ${grant.file} is not in Windows-1252, which the build read it as, but most likely in ${codePage.page} (see line ${codePage.line}), so the name cannot be matched; the right it grants would be lost`;
        grant.fix = `${fixFor(shape, FIX.codePage(codePage.page))}; ${ALLOW}`;
      }
      // Only now is it known where a file's encoding changed (it is found while reading).
      if (
        grant.reason === "unresolvedTrustee" &&
        mixedBefore(shape, grant.line, grant.value) &&
        !grant.message.includes("mis-decoded")
      )
        grant.message += `; ${grant.file} mixes encodings from line ${shape.mixedEncodingLine} on, so the name may be mis-decoded`;
      if (!this.options.allowUnresolved) {
        if (this.ansiDamaged.has(`${grant.file}:${grant.line}:${grant.column}`)) {
          const reader = this.problems.list.findIndex(
            (p) => p.file === grant.file && p.line === grant.line && p.column === grant.column
          );
          if (reader >= 0) this.problems.list.splice(reader, 1);
        }
        this.problems.add({
          file: grant.file,
          line: grant.line,
          column: grant.column,
          message: `${grant.right} on ${grant.mailbox.trim() === "" ? "a mailbox the row does not name (empty Identity)" : grant.mailbox} is lost: ${grant.message}`,
          fix: grant.fix,
        });
      }
    }
    this.pendingFixes.length = 0;
  }
}

/**
 * A row whose trustee name names `byName` and whose SID is `bySid`'s (Resolver.nameSidConflict):
 * where it is (file, line, column), the mailbox and rights (bits) it is about, and the two values.
 */
/**
 * Where a Trustee or User cell holding several trustees is cut (joinedTrustees): "hard" separators
 * are in no name Exchange writes there, so one piece naming a recipient is enough; "," and spaces
 * are in display names, so every piece must name one. `sep` is how a message shows it.
 */
/** A SID as text (S-1-5-21-…, S-1-1-0, S-1-12-1-…). */
const SID_TEXT = /^S-1-\d+(-\d+)+$/i;

/**
 * Whether a piece of a joined cell that names no recipient is a built-in account: its name
 * (NT AUTHORITY\SELF, SELF, BUILTIN\..., Exchange's own groups) or a built-in SID string
 * (S-1-5-10, S-1-1-0...), with the "&" of a " & " join trimmed off. Source: Microsoft,
 * "Well-known SIDs".
 */
function builtInPiece(piece: string): boolean {
  const u = piece.trim().replace(/^&\s*|\s*&$/g, "");
  return isBuiltInName(u) || isSelf("", u) || isBuiltInSid(u) || isEveryoneName(u);
}

const JOINS: { sep: string; split: RegExp; hard: boolean }[] = [
  { sep: ";", split: /;/g, hard: true },
  { sep: "line breaks", split: /\r\n|\r|\n/g, hard: true },
  { sep: "|", split: /\|/g, hard: true },
  { sep: "tabs", split: /\t/g, hard: true },
  { sep: ",", split: /,/g, hard: false },
  { sep: "spaces", split: / +/g, hard: false },
];

interface NameSidConflict {
  file: string;
  line: number;
  column: string;
  mailbox: number;
  value: string;
  sid: string;
  /** The recipient the name names; -1 when the name is a built-in account's (`builtIn`). */
  byName: number;
  /** The recipient whose SID it is; -1 when the SID is a built-in one (`builtIn`). */
  bySid: number;
  bits: number;
  /** The built-in side's name ("SELF", "Everyone", "NT AUTHORITY\SYSTEM"), when one is built-in. */
  builtIn?: string;
  /**
   * The name (byName -1) is an account's the exports do not list (a group, a localised built-in
   * name): a Deny may be for any holder (Resolver.namesAccountOutsideExports).
   */
  unnamed?: boolean;
  /**
   * The SID (bySid -1) is proven no recipient's (Resolver.sidOfNoRecipient): the principal is
   * not the name's recipient but an account without mail, maybe a group; a Deny may be for any
   * holder (rev11q finding 3).
   */
  noRecipient?: boolean;
}

/**
 * The fix for a name beside a SID the exports prove is no recipient's (rev11q finding 3): find
 * the account by its SID; never remove the right from the recipient the name names.
 */
const noRecipientFix = (sid: string, named: string, deny = false) =>
  `check the account with Get-Group -Identity ${sid.trim()} and Get-User -Identity ${sid.trim()} (Get-ADGroup / Get-ADUser on premises): it is not ${named}; if it is a group without mail, mail-enable it (Enable-DistributionGroup) so the exports list it and its members, or export its members, so ${deny ? "the build can tell whom the Deny takes the right from" : "their right is not lost"}; ${deny ? "if it is a user without mail, the Deny is that user's alone" : "if it is a user without mail, it cannot send from the mailbox in Outlook"}; the row is not ${named}'s, so do not change ${named}'s permissions for it; ${ALLOW}`;

/** The fix for a name-vs-SID conflict that no damaged name explains. */
const conflictFix = (sid: string) => {
  // A well-known SID names no recipient: Get-Recipient on it finds no one.
  const builtIn = builtInSidName(sid);
  return builtIn
    ? `export all files again in one run, so that names and SIDs agree (${sid.trim()} is the well-known SID of ${builtIn} on every system: the row's Sid column was written for another row, e.g. a column sorted on its own in Excel); ${ALLOW}`
    : `export all files again in one run, so that names and SIDs agree (check the account with Get-Recipient ${cmd(sid.trim())}); ${ALLOW}`;
};

/** The Exchange command that removes `trustee`'s `right` on `mailbox` (a trustee as typed). */
function removeCommand(
  right: ReturnType<typeof rightOf>,
  mailbox: string,
  trustee: string
): string {
  return right === "FullAccess"
    ? `Remove-MailboxPermission -Identity ${mailbox} -User ${trustee} -AccessRights FullAccess`
    : right === "SendAs"
      ? `Remove-RecipientPermission -Identity ${mailbox} -Trustee ${trustee} -AccessRights SendAs`
      : `Set-Mailbox -Identity ${mailbox} -GrantSendOnBehalfTo @{Remove=${trustee}} (Set-DistributionGroup for a group)`;
}
