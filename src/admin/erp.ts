// The second input format: the single CSV written by GruberMarkus/Export-RecipientPermissions
// (Export-RecipientPermissions_Result.csv), so admins who already run that tool need not export
// again. Its documented columns (the project's README, "Output"): Grantor Primary SMTP, Grantor
// Display Name, Grantor Recipient Type ("RecipientType/RecipientTypeDetails"), Grantor
// Environment, Folder (empty unless a folder permission), Permission (FullAccess, SendAs,
// SendOnBehalf, ...), Allow/Deny, Inherited, InheritanceType, Trustee Original Identity,
// Trustee Primary SMTP, Trustee Display Name, Trustee Recipient Type, Trustee Environment.
// With its ExpandGroups option (which "works for all groups, mail-enabled or not"), each member
// of a trustee group gets a row whose Trustee Original Identity is the group's, then
// "     [MemberRecurse] " or "     [MemberDirect] ", then the member's (its README, "ExpandGroups").
// It exports no Sent Items or hidden-from-address-lists settings: those are taken as off.
import { toSmtpAddress } from "../core/address";
import { sanitizeDisplayName } from "../core/shard";
import { Columns, CsvSpec } from "./csv";
import { Problems } from "./problems";
import type { ExportReader } from "./read";
import type { Resolver } from "./resolve";
import { FIX } from "./fixes";
import { fixFor, type FileShape } from "./sources";
import type { BuildSummary } from "./summary";
import {
  cannotHoldRights,
  FULL_ACCESS,
  GROUP_KINDS,
  isKnownRecipientType,
  isNonExchangeOnlineMailboxType,
  isSelf,
  kindOf,
  parseFlag,
  SEND_AS,
  SEND_ON_BEHALF,
  smtpFromProxy,
  withoutTrailingDot,
} from "./values";
import { quoted } from "./shown";
import { memberCmdlet, rightOf } from "./resolve-texts";

/**
 * The marker ExpandGroups writes between a group's and a member's Trustee Original Identity: both
 * "[MemberRecurse]" and "[MemberDirect]" (Export-RecipientPermissions' README, "Trustee Original
 * Identity"), with the five spaces before it and one after.
 */
const MEMBER_MARK = /\s*\[Member(?:Recurse|Direct)\]\s*/i;

/**
 * A member row's Trustee Original Identity cut into the group's identity (as written, and lower
 * case: the key the passes use) and the member's, or null for a row of the trustee itself.
 */
function memberRow(
  original: string
): { group: string; key: string; member: string; mark: string } | null {
  const mark = MEMBER_MARK.exec(original);
  if (!mark) return null;
  const group = original.slice(0, mark.index).trim();
  return {
    group,
    key: group.toLowerCase(),
    mark: mark[0].trim(),
    member: original.slice(mark.index + mark[0].length).trim(),
  };
}

/** Whether a member row's mark is "[MemberRecurse]" (the tool ran with -ExportGroupMembersRecurse). */
function isRecurse(mark: string): boolean {
  return /recurse/i.test(mark);
}

type ErpColumn =
  | "Grantor Primary SMTP"
  | "Grantor Display Name"
  | "Grantor Recipient Type"
  | "Permission"
  | "Allow/Deny"
  | "Inherited"
  | "Trustee Original Identity"
  | "Trustee Primary SMTP"
  | "Folder"
  | "Trustee Display Name"
  | "Trustee Recipient Type"
  | "Grantor Environment";

function erpSpec(file: string): CsvSpec<ErpColumn> {
  return {
    file,
    step: "Export-RecipientPermissions",
    required: [
      "Grantor Primary SMTP",
      "Grantor Display Name",
      "Grantor Recipient Type",
      "Permission",
      "Allow/Deny",
      "Inherited",
      "Trustee Original Identity",
      "Trustee Primary SMTP",
    ],
    optional: ["Folder", "Trustee Display Name", "Trustee Recipient Type", "Grantor Environment"],
  };
}

/**
 * Whether a row's Grantor Environment says the tool read the grantor in Exchange on-premises
 * ("On-Prem"; "Cloud" for Exchange Online): Export-RecipientPermissions' documented column, set
 * when it runs with -ExportFromOnPrem in a hybrid organisation. Absent or empty: Exchange Online.
 */
function onPremises(c: Columns<ErpColumn>, f: readonly string[]): boolean {
  return c["Grantor Environment"] >= 0 && /^on-?prem/i.test(f[c["Grantor Environment"]].trim());
}

/** "UserMailbox/SharedMailbox" (RecipientType/RecipientTypeDetails) to the details part. */
function typeDetails(value: string): string {
  const slash = value.lastIndexOf("/");
  return slash >= 0 ? value.slice(slash + 1) : value;
}

/**
 * One grant of a group, as its own row and its member rows share it: the group's identity (lower
 * case), the grantor's recipient id, Folder, Permission, Allow/Deny and Inherited (as parseFlag
 * reads it). Every column that tells one access control entry from another is in it: a group's
 * own grant and an inherited one on the same mailbox are two entries, and ExpandGroups writes
 * member rows under each with the entry's own Inherited (Export-RecipientPermissions' README,
 * "ExpandGroups"), so member rows under the inherited entry never stand for the own one (rev11
 * review x01: the own grant was lost, exit 0).
 */
function grantKey(group: string, grantor: number, c: Columns<ErpColumn>, f: string[]): string {
  const folder = c.Folder >= 0 ? f[c.Folder].trim().toLowerCase() : "";
  return [
    group,
    grantor,
    folder,
    f[c.Permission].trim().toLowerCase(),
    f[c["Allow/Deny"]].trim().toLowerCase(),
    String(parseFlag(f[c.Inherited])),
  ].join("\u0000");
}

/**
 * The Permission values Export-RecipientPermissions writes on a row without Folder (its source,
 * src/Export-RecipientPermissions.ps1): Exchange's mailbox AccessRights names, one per row, and
 * its "virtual rights"; Forward_… and ResourcePolicyDelegate_… carry a setting's name after the
 * prefix. Always these English identifiers, never spaced or localized.
 */
const ERP_PERMISSIONS = new Set([
  "fullaccess",
  "externalaccount",
  "deleteitem",
  "readpermission",
  "changepermission",
  "changeowner",
  "sendas",
  "sendonbehalf",
  "managedby",
  "linkedmasteraccount",
  "mailenabled",
  "requireallsendersareauthenticated",
  "acceptmessagesonlyfrom",
  "moderatedby",
  "moderatedbybypass",
  "resourcedelegate",
  "memberrecurse",
  "memberdirect",
]);

/**
 * Why a row's Permission cannot be read, or null when it is one the tool writes (ERP_PERMISSIONS),
 * or empty on a row without trustee (-ExportGrantorsWithNoPermissions). "Send As", "Full Access",
 * "Vollzugriff" (an edited file) or an empty Permission beside a trustee may name a send right:
 * never dropped as another right (rev11j finding 4: the right was lost, or a Deny's over-granted).
 */
function unreadablePermission(permission: string, trustee: string): string | null {
  const v = permission.trim().toLowerCase();
  if (ERP_PERMISSIONS.has(v) || /^(forward|resourcepolicydelegate)_[a-z_]+$/.test(v)) return null;
  if (v === "")
    return trustee.trim() === ""
      ? null
      : "Permission is empty while the row names a trustee, so which right it grants or denies is not known";
  const squashed = v.replace(/[\s_-]+/g, "");
  const named = ["sendas", "fullaccess", "sendonbehalf", "sendonbehalfto"].includes(squashed);
  return `${quoted(permission, 40)} is not a Permission Export-RecipientPermissions writes (it writes FullAccess, SendAs, SendOnBehalf and its other rights' English names, one per row)${named ? ", though it names a right the directory lists" : ""}: the row may grant or deny such a right, so it is not dropped as another right`;
}

function rightBits(permission: string): number {
  switch (permission.trim().toLowerCase()) {
    case "sendas":
      return SEND_AS;
    case "sendonbehalf":
      return SEND_ON_BEHALF;
    case "fullaccess":
      return FULL_ACCESS;
    default:
      return 0;
  }
}

/**
 * Reads the Export-RecipientPermissions result in two passes: first every grantor (the mailboxes
 * and groups one may send from) and trustee into the index, and group members from ExpandGroups
 * rows; then every row as a grant through the same resolver as the other format.
 */
/**
 * Whether a row lists a management role group's member (-ExportManagementRoleGroupMembers):
 * Export-RecipientPermissions writes "Management Role Group" as its Grantor Primary SMTP and
 * ManagementRoleGroup as its Grantor Recipient Type ("ManagementRoleGoup" in some versions of its
 * README). Such a row is an admin role, not a right on a mailbox, and names no recipient as
 * grantor. Source: GruberMarkus/Export-RecipientPermissions, README "Output".
 */
function isRoleGroupRow(c: Columns<ErpColumn>, f: string[]): boolean {
  return (
    f[c["Grantor Primary SMTP"]].trim().toLowerCase() === "management role group" ||
    /^managementrolegr?oup$/i.test(f[c["Grantor Recipient Type"]].trim())
  );
}

/**
 * Whether a row lists a group's member (-ExportDistributionGroupMembers All / OnlyTrustees): the
 * group is the grantor (a group's Grantor Recipient Type), the member the trustee, and Permission
 * the "virtual" right MemberRecurse or MemberDirect, on no folder. Source:
 * GruberMarkus/Export-RecipientPermissions, README "ExportDistributionGroupMembers".
 */
function isGroupMemberRow(c: Columns<ErpColumn>, f: string[]): boolean {
  const permission = f[c.Permission].trim().toLowerCase();
  if (permission !== "memberrecurse" && permission !== "memberdirect") return false;
  if (c.Folder >= 0 && f[c.Folder].trim() !== "") return false;
  if (f[c["Allow/Deny"]].trim().toLowerCase() === "deny") return false;
  const type = typeDetails(f[c["Grantor Recipient Type"]]);
  const kind = kindOf(type);
  return (kind !== null && GROUP_KINDS.has(kind)) || /group/i.test(type);
}

/**
 * Why a Deny held by a group whose members this file does not list cannot be placed, and the fix:
 * the tool's default switches (-ExpandGroups $false; -ExportGroupMembersRecurse $false, which
 * lists a nested group by a [MemberDirect] row without its members). `within`: the group is such
 * a member of the trustee group. The Allow twin is Resolver.groupMembersUnknown.
 */
function erpUnlistedDeny(
  file: string,
  group: string,
  within: { group: string; type: string; mark: string } | undefined
): { text: string; fix: (shape: FileShape) => string } {
  return within
    ? {
        text: `the Deny is held by ${quoted(within.group)}, whose member rows (${within.mark}) name the group ${group}, whose own members ${file} does not list`,
        fix: (shape) =>
          `${fixFor(shape, FIX.expandGroupsRecurse())} (${memberCmdlet(within.type, group)} shows who is in ${group})`,
      }
    : {
        text: `${group} is a group whose members ${file} does not list (Export-RecipientPermissions ran without -ExpandGroups, its default)`,
        fix: (shape) => fixFor(shape, FIX.expandGroups()),
      };
}

export async function readErpFile(
  file: string,
  reader: ExportReader,
  resolver: Resolver,
  problems: Problems,
  summary: BuildSummary
): Promise<void> {
  const spec = erpSpec(file);
  const recipients = reader.recipients;
  /**
   * Trustee Original Identity of each group trustee, to its addresses: two groups may share one
   * (EXO shows a group's display name there; a security group and an M365 group both "Team
   * Vertrieb"), told apart by Trustee Primary SMTP (rev11j finding 2).
   */
  const groupByIdentity = new Map<string, Set<string>>();
  /**
   * The group trustees of each grant (grantKey, which holds the identity): member rows sit under
   * their group's grant, and the tool sorts each grant's rows by Trustee Original Identity, the
   * group's row first ("five spaces for sorting reasons", its README), so within one grant an
   * identity names one group unless two groups with that identity hold the same grant.
   */
  const groupRows = new Map<string, Set<string>>();
  /** [group identity, member address, grantKey, line] of each member row with an address. */
  const members: [string, string, string, number][] = [];
  /** Trustee Original Identity of groups with a member row that names no recipient. */
  const unknownMemberGroups = new Set<string>();
  /** [group identity, grantKey, line] of those rows. */
  const unknownMemberRows: [string, string, number][] = [];
  /** Groups named by a member row, by their own identity (lower case): see the first pass. */
  const memberGroups = new Map<
    string,
    { address: string; within: string; type: string; mark: string }
  >();
  /**
   * Member rows by the grant they sit under (grantKey): a group's grant without member rows of
   * its own still reaches the members its other grants list (see the second pass).
   */
  const grantsWithMembers = new Set<string>();
  /** Member names without Trustee Primary SMTP, by their group's identity (lower case). */
  const unknownMemberNames = new Map<string, Set<string>>();
  /** The mark ("[MemberDirect]" or "[MemberRecurse]") of those rows, by the group's identity. */
  const unknownMemberMarks = new Map<string, string>();
  /**
   * Trustee Original Identity (lower case) of trustees this file types as no group (a user, a
   * shared mailbox...), with the type: member rows under one are refused (rev11i, e18).
   */
  const nonGroupIdentities = new Map<string, string>();
  /**
   * Trustee rows (not member rows) with no Trustee Recipient Type (an empty cell, or a file
   * without the column: edited), by Trustee Original Identity (lower case), with their line:
   * whether such a trustee is a group, and of which kind, is not told (rev11r LOW 9).
   */
  const untypedIdentities = new Map<string, number>();
  /**
   * Recipients (ids) some column the tool writes types as no group: a Trustee Recipient Type or
   * Grantor Recipient Type of a user, a shared mailbox, a mail user... A trustee row without
   * Trustee Recipient Type is read as that person's only when its trustee is one (rev11t 3).
   */
  const provenNoGroup = new Set<number>();
  /** Recipients (ids) the file names as a grantor of a group's type (Grantor Recipient Type). */
  const grantorGroups = new Set<number>();
  /** [identity (lower case), trustee address, grantKey] of trustee rows without Trustee Recipient Type. */
  const untypedRows: [string, string, string][] = [];
  /** [group, member] addresses from -ExportDistributionGroupMembers rows (isGroupMemberRow). */
  const dgMembers: [string, string][] = [];
  /** Grantors whose Grantor Recipient Type is not one Exchange writes (reported once each). */
  const unknownTypes = new Set<number>();

  const info = await reader.read(spec, (c: Columns<ErpColumn>, _h, shape) => (f, line) => {
    if (isRoleGroupRow(c, f)) return;
    const grantor = reader.address(
      shape,
      line,
      "Grantor Primary SMTP",
      f[c["Grantor Primary SMTP"]]
    );
    if (!grantor) return;
    const id = recipients.add({ address: grantor, displayName: f[c["Grantor Display Name"]] });
    {
      // What the grantor is, by the tool's Grantor Recipient Type: proof of a trustee's kind
      // where its own row lacks Trustee Recipient Type (rev11t finding 3).
      const type = typeDetails(f[c["Grantor Recipient Type"]]).trim();
      const kind = kindOf(type);
      if ((kind && GROUP_KINDS.has(kind)) || /group/i.test(type)) grantorGroups.add(id);
      else if (type && isKnownRecipientType(type)) provenNoGroup.add(id);
    }
    // A mailbox the tool read in Exchange on-premises (-ExportFromOnPrem in a hybrid org): Send
    // From sends only from Exchange Online, so it is never published (rev11o finding 11).
    if (onPremises(c, f)) return;
    if (!reader.targets.has(id)) {
      const kind = kindOf(typeDetails(f[c["Grantor Recipient Type"]]));
      if (kind) {
        // Published as the mailbox's name: U+FFFD in it is refused (once per mailbox, not per row).
        reader.noteReplacedName(file, line, "Grantor Display Name", f[c["Grantor Display Name"]]);
        // Cut or holding a direction-changing character: published changed, said as for
        // mailboxes.csv (rev11l finding 7: U+202E was stripped without a word).
        reader.noteShownName(
          file,
          line,
          grantor,
          f[c["Grantor Display Name"]],
          shape.encoding === "windows-1252"
        );
        reader.targets.set(id, {
          file,
          line,
          address: grantor,
          displayName: sanitizeDisplayName(f[c["Grantor Display Name"]], grantor),
          kind,
          sentItemsCopy: { sendAs: false, sendOnBehalf: false },
          noReply: false,
          hiddenFromAddressLists: false,
        });
        if (GROUP_KINDS.has(kind)) {
          summary.groups++;
          reader.groups.markGroup(id);
          if (kind === "distributionList")
            reader.groups.markDistribution(id, typeDetails(f[c["Grantor Recipient Type"]]).trim());
        } else summary.mailboxes++;
      } else if (
        !isKnownRecipientType(typeDetails(f[c["Grantor Recipient Type"]])) &&
        !unknownTypes.has(id)
      ) {
        // Not a type Exchange writes: its rights would be dropped as "not a mailbox" unseen.
        unknownTypes.add(id);
        problems.add({
          file,
          line,
          column: "Grantor Recipient Type",
          message: `${quoted(f[c["Grantor Recipient Type"]])} is not a recipient type Exchange writes (e.g. UserMailbox/SharedMailbox), so the rights on ${grantor} cannot be placed`,
          fix: fixFor(shape, FIX.erpRecipientType()),
        });
      }
    }
    const trusteeRaw = f[c["Trustee Primary SMTP"]].trim();
    const original = f[c["Trustee Original Identity"]];
    const listed = memberRow(original);
    if (listed) grantsWithMembers.add(grantKey(listed.key, id, c, f));
    if (!trusteeRaw) {
      // A member of a trustee group that the tool could not resolve to a recipient: the group's
      // member list is in the file (ExpandGroups ran), the member names no one (f11 gap 5).
      if (listed) {
        unknownMemberGroups.add(listed.key);
        unknownMemberRows.push([listed.key, grantKey(listed.key, id, c, f), line]);
        unknownMemberMarks.set(listed.key, listed.mark);
        const names = unknownMemberNames.get(listed.key);
        if (names) names.add(listed.member);
        else unknownMemberNames.set(listed.key, new Set([listed.member]));
      }
      return;
    }
    const trustee = reader.address(shape, line, "Trustee Primary SMTP", trusteeRaw);
    if (!trustee) return;
    const display = c["Trustee Display Name"] >= 0 ? f[c["Trustee Display Name"]] : "";
    const trusteeId = recipients.add({ address: trustee, displayName: display, names: [original] });
    // -ExportDistributionGroupMembers: a group as grantor, a member as trustee, Permission
    // MemberRecurse or MemberDirect (rev11h finding 5): the group's membership, read as
    // group-members.csv is (its members hold what is granted to the group).
    if (isGroupMemberRow(c, f)) dgMembers.push([grantor, trustee]);
    const trusteeType = typeDetails(
      c["Trustee Recipient Type"] >= 0 ? f[c["Trustee Recipient Type"]] : ""
    );
    // A distribution group as trustee (or as a [MemberDirect] member of a group): its members
    // get no Full Access or Send As through it (Resolver.grant, GroupMembership.usersFor). A
    // MailNonUniversalGroup may be a security group too, and this file has no GroupType: its
    // category is unknown (GroupMembership.markDistribution; rev11r finding 4).
    if (kindOf(trusteeType) === "distributionList")
      reader.groups.markDistribution(trusteeId, trusteeType.trim());
    // A mail contact as trustee: never a delegate; the grant is reported (Resolver.grant).
    if (cannotHoldRights(trusteeType))
      recipients.markCannotSignIn(trusteeId, trusteeType.trim(), file, line);
    const row = memberRow(original);
    {
      const kind = kindOf(trusteeType);
      if (trusteeType.trim() && !(kind && GROUP_KINDS.has(kind)) && !/group/i.test(trusteeType))
        provenNoGroup.add(trusteeId);
    }
    if (row) {
      members.push([row.key, trustee, grantKey(row.key, id, c, f), line]);
      // A group as a member ([MemberDirect] lists direct members, groups among them): a group,
      // never a delegate; its own members are known only from member rows of its own.
      const kind = kindOf(trusteeType);
      if ((kind && GROUP_KINDS.has(kind)) || /group/i.test(trusteeType))
        memberGroups.set(row.member.toLowerCase(), {
          address: trustee,
          within: row.group,
          mark: row.mark,
          type: trusteeType.trim(),
        });
    } else {
      const type = c["Trustee Recipient Type"] >= 0 ? f[c["Trustee Recipient Type"]] : "";
      const kind = kindOf(typeDetails(type));
      if ((kind && GROUP_KINDS.has(kind)) || /group/i.test(type)) {
        const identity = original.trim().toLowerCase();
        const addresses = groupByIdentity.get(identity);
        if (addresses) addresses.add(trustee);
        else groupByIdentity.set(identity, new Set([trustee]));
        const key = grantKey(identity, id, c, f);
        const inGrant = groupRows.get(key);
        if (inGrant) inGrant.add(trustee);
        else groupRows.set(key, new Set([trustee]));
      } else if (type.trim() !== "")
        nonGroupIdentities.set(original.trim().toLowerCase(), typeDetails(type).trim());
      else {
        const identity = original.trim().toLowerCase();
        if (!untypedIdentities.has(identity)) untypedIdentities.set(identity, line);
        untypedRows.push([identity, trustee, grantKey(identity, id, c, f)]);
      }
    }
  });
  // A trustee row without Trustee Recipient Type whose trustee the file names as a group grantor
  // (Grantor Recipient Type): the tool's own column tells it is a group, so it is read as one,
  // as if its row were typed (rev11t finding 3).
  for (const [identity, trustee, key] of untypedRows) {
    const tid = recipients.idOf(trustee);
    if (tid === undefined || !grantorGroups.has(tid) || provenNoGroup.has(tid)) continue;
    const addresses = groupByIdentity.get(identity);
    if (addresses) addresses.add(trustee);
    else groupByIdentity.set(identity, new Set([trustee]));
    const inGrant = groupRows.get(key);
    if (inGrant) inGrant.add(trustee);
    else groupRows.set(key, new Set([trustee]));
  }
  // A Grantor Display Name holding U+FFFD is refused, as the script's display names are.
  reader.checkReplacedNames(file);
  if (!info.shape || problems.count > 0) return;
  const fileShape = info.shape;

  // Groups whose members this export lists (ExpandGroups). A group with member rows has its
  // member list in the file, whoever they name: one whose rows name only mail contacts is an
  // empty group, one whose rows name no recipient loses its rights through each such row, as
  // group-members.csv rows do (f11 gap 5). ExpandGroups expands every trustee group, so in a file
  // with any member row a group without one is empty (dropped with a warning, as groups.csv's
  // empty group is); in a file without any, every group is of unknown membership.
  /** Trustee Original Identity (lower case) of every group with member rows, mail-enabled or not. */
  const expandedIdentities = new Set<string>([
    ...members.map(([identity]) => identity),
    ...unknownMemberGroups,
  ]);
  const expandGroupsRan = expandedIdentities.size > 0;
  const expanded = new Set<number>();
  /**
   * The group a member row under `grant` belongs to: the one group row with its identity in that
   * grant, else (member rows without their group's row) the one group with that identity in the
   * file; "ambiguous" when two groups with that identity are candidates (rev11j finding 2: one
   * group's members were given to the other, and a group became a delegate), reported once.
   */
  const ambiguous = new Set<string>();
  /** The groups of those grants: their members are in the file, only not told apart. */
  const ambiguousGroups = new Set<number>();
  const groupOf = (identity: string, grant: string, line?: number) => {
    const addresses = groupRows.get(grant) ?? groupByIdentity.get(identity);
    if (!addresses) return undefined;
    if (addresses.size > 1) {
      for (const address of addresses) {
        const id = recipients.idOf(address);
        if (id !== undefined) ambiguousGroups.add(id);
      }
      if (line !== undefined && !ambiguous.has(grant)) {
        ambiguous.add(grant);
        problems.add({
          file,
          line,
          column: "Trustee Original Identity",
          message: `this member row lists a member of ${quoted(identity)}, but ${[...addresses].join(" and ")} are groups with that Trustee Original Identity${groupRows.has(grant) ? " holding the same right on the same mailbox" : ""}, and a member row names its group by that identity alone: whose member it is cannot be told, so the rights through either group cannot be placed`,
          fix: fixFor(fileShape, FIX.erpSameIdentity()),
        });
      }
      return "ambiguous";
    }
    return recipients.idOf([...addresses][0]);
  };
  for (const [groupIdentity, member, grant, line] of members) {
    const group = groupOf(groupIdentity, grant, line);
    if (group === "ambiguous") continue;
    const who = recipients.idOf(member);
    if (group === undefined || who === undefined) continue;
    expanded.add(group);
    if (recipients.cannotSignIn(who)) reader.groups.addContactMember(group);
    else reader.groups.addMember(group, who);
  }
  for (const [groupAddress, member] of dgMembers) {
    const group = recipients.idOf(groupAddress);
    const who = recipients.idOf(member);
    if (group === undefined || who === undefined || group === who) continue;
    expanded.add(group);
    reader.groups.markGroup(group);
    if (recipients.cannotSignIn(who)) reader.groups.addContactMember(group);
    else reader.groups.addMember(group, who);
  }
  for (const [groupIdentity, grant, line] of unknownMemberRows) {
    const group = groupOf(groupIdentity, grant, line);
    if (group === undefined || group === "ambiguous") continue;
    expanded.add(group);
    reader.groups.addUnknownMember(group);
  }
  const unknownMembership = new Set<number>();
  // Every group trustee is a group, whichever identity it shares: never a delegate.
  for (const address of [...groupByIdentity.values()].flatMap((a) => [...a])) {
    const group = recipients.idOf(address);
    if (group !== undefined && !expanded.has(group)) {
      reader.groups.markGroup(group);
      if (!expandGroupsRan) unknownMembership.add(group);
    }
  }
  // A group listed as a member ([MemberDirect]) without member rows of its own: who is in it is
  // not in the file, so the right through it is lost, never given to the group as a delegate.
  const nestedUnknown = new Map<number, { within: string; type: string; mark: string }>();
  for (const [identity, nested] of memberGroups) {
    const group = recipients.idOf(nested.address);
    if (group === undefined) continue;
    reader.groups.markGroup(group);
    // Among [MemberRecurse] rows its members are the outer group's own rows (second pass).
    if (!expanded.has(group) && !expandedIdentities.has(identity) && !isRecurse(nested.mark))
      nestedUnknown.set(group, { within: nested.within, type: nested.type, mark: nested.mark });
  }

  const dropped = summary.dropped;
  let rows = 0;
  let roleGroupRows = 0;
  await reader.read(spec, (c: Columns<ErpColumn>, _h, shape) => (f, line) => {
    rows++;
    summary.accounting.considered++;
    if (isRoleGroupRow(c, f)) {
      roleGroupRows++;
      dropped.otherRights++;
      return;
    }
    if (c.Folder >= 0 && f[c.Folder].trim() !== "") {
      dropped.otherRights++;
      return;
    }
    const unreadable = unreadablePermission(
      f[c.Permission],
      f[c["Trustee Original Identity"]] + f[c["Trustee Primary SMTP"]]
    );
    if (unreadable) {
      problems.add({
        file,
        line,
        column: "Permission",
        message: unreadable,
        fix: fixFor(shape, FIX.rerun()),
      });
      return;
    }
    // An empty or unreadable Inherited or Allow/Deny would be read as "own" and "Allow": an
    // inherited or denied right granted. Refused with the cell, as in the native files (f11 gap 2).
    // Only asked of a row that gives a right the directory lists (others are "other rights").
    const bits = rightBits(f[c.Permission]);
    const inherited = f[c.Inherited].trim() === "" ? null : parseFlag(f[c.Inherited]);
    const allowDeny = f[c["Allow/Deny"]].trim().toLowerCase();
    if (bits && (inherited === null || (allowDeny !== "allow" && allowDeny !== "deny"))) {
      const column = inherited === null ? "Inherited" : "Allow/Deny";
      const value = f[c[column]];
      problems.add({
        file,
        line,
        column,
        message: `${value.trim() === "" ? `${column} is empty` : `${quoted(value, 40)} is not ${column === "Inherited" ? "True or False" : "Allow or Deny"}`}, so whether this row ${column === "Inherited" ? "is inherited or the mailbox's own" : "grants or denies the right"} is not known`,
        fix: fixFor(shape, FIX.rerun()),
      });
      return;
    }
    if (inherited) {
      dropped.inherited++;
      return;
    }
    const original = f[c["Trustee Original Identity"]];
    if (isSelf("", original)) {
      dropped.self++;
      return;
    }
    if (!bits) {
      dropped.otherRights++;
      return;
    }
    const deny = allowDeny === "deny";
    if (deny) dropped.deny++;
    // As the first pass read them (ExportReader.address): without a domain's trailing dot.
    const grantor = recipients.idOf(
      withoutTrailingDot(toSmtpAddress(smtpFromProxy(f[c["Grantor Primary SMTP"]]) ?? ""))
    );
    if (grantor === undefined || !reader.targets.has(grantor)) {
      const grantorType = typeDetails(f[c["Grantor Recipient Type"]]);
      // A mail user or mail contact can hold Send As (an on-premises mailbox in a hybrid tenant
      // is a MailUser): a right on it is lost, never an "unsupported type" drop (rev11h 1).
      // The same for a mailbox the tool read on premises (rev11o finding 11).
      if (!deny && onPremises(c, f))
        resolver.nonExchangeOnlineTarget(
          file,
          line,
          "Grantor Environment",
          f[c["Grantor Primary SMTP"]].trim(),
          f[c["Grantor Primary SMTP"]].trim(),
          { line, type: grantorType.trim() || "mailbox", file },
          bits,
          true
        );
      else if (!deny && isNonExchangeOnlineMailboxType(grantorType))
        resolver.nonExchangeOnlineTarget(
          file,
          line,
          "Grantor Primary SMTP",
          f[c["Grantor Primary SMTP"]].trim(),
          f[c["Grantor Primary SMTP"]].trim(),
          { line, type: grantorType.trim(), file },
          bits
        );
      else if (!deny) dropped.unsupportedRecipientType++;
      return;
    }
    const trustee = f[c["Trustee Primary SMTP"]].trim();
    const trusteeAddress = trustee
      ? withoutTrailingDot(toSmtpAddress(smtpFromProxy(trustee) ?? trustee))
      : "";
    const who = trustee ? recipients.idOf(trusteeAddress) : undefined;
    if (
      who !== undefined &&
      MEMBER_MARK.test(original) &&
      recipients.cannotSignIn(who) !== undefined
    ) {
      // A mail contact in a trustee group (ExpandGroups): it cannot sign in, so the group's right
      // does not reach it; the group's own row carries the grant. Nothing is lost.
      if (!deny) dropped.unsupportedRecipientType++;
      return;
    }
    // A group whose member rows could not be told from another's (the error above, naming both):
    // its grant is neither an empty group's nor a delegate's, and the build fails already
    // (rev11k finding 11: d01, d03, d15 also said "dropped: empty group 2", untrue).
    if (
      who !== undefined &&
      ambiguousGroups.size > 0 &&
      ambiguousGroups.has(who) &&
      !expanded.has(who) &&
      !MEMBER_MARK.test(original)
    ) {
      summary.accounting.considered--;
      return;
    }
    // A member row under a distribution group, or naming one ([MemberDirect] of a security
    // group), for Full Access or Send As: Exchange gives the right to none of its members (a
    // distribution group is in no security token), so the row gives no one anything. The group's
    // own row is the lost grant (Resolver.grant: distributionGroup); a security group's right
    // stays with its other members. A Deny row is never applied either (rev11q finding 2).
    // Before the nested group's own member list is looked for: a distribution group nested in a
    // security group ([MemberDirect]) passes no right, so its unlisted members lose none; nor
    // does a member row of a distribution group that names no recipient (no Trustee Primary SMTP).
    const dgRow =
      bits & ~SEND_ON_BEHALF && reader.groups.hasNonSecurity() && MEMBER_MARK.test(original)
        ? memberRow(original)
        : null;
    if (dgRow) {
      const found = groupOf(dgRow.key, grantKey(dgRow.key, grantor, c, f));
      const holder = typeof found === "number" ? found : undefined;
      // (Not under a trustee the file types as a user: that row is refused below.)
      const underUser = !groupByIdentity.has(dgRow.key) && nonGroupIdentities.has(dgRow.key);
      if (
        !underUser &&
        ((who !== undefined && reader.groups.distributionType(who) !== undefined) ||
          (holder !== undefined && reader.groups.distributionType(holder) !== undefined))
      ) {
        if (!deny) summary.accounting.considered--;
        else {
          dropped.deny--;
          dropped.distributionGroupDeny++;
        }
        return;
      }
      // The same rows of a group of unknown category (a MailNonUniversalGroup: this file has no
      // GroupType): whether they hold the right cannot be told, and the group's own row is the
      // one judged (Resolver.grant: groupCategoryUnknown, lost, or a Deny the build cannot
      // place), so the member rows give no one anything (rev11r finding 4).
      if (
        !underUser &&
        ((who !== undefined && reader.groups.categoryUnknownType(who) !== undefined) ||
          (holder !== undefined && reader.groups.categoryUnknownType(holder) !== undefined))
      ) {
        if (!deny) summary.accounting.considered--;
        return;
      }
    }
    const nested =
      who !== undefined && MEMBER_MARK.test(original) ? nestedUnknown.get(who) : undefined;
    if (nested || (who !== undefined && unknownMembership.has(who))) {
      // A Deny is one the build cannot place: judged once every Allow is in, failing the build
      // when anyone holds the right it denies (rev11t finding 8: e11t, e12, e14 were dropped).
      if (deny)
        resolver.unplacedGroupDeny(
          file,
          line,
          "Trustee Primary SMTP",
          grantor,
          trustee,
          bits,
          erpUnlistedDeny(
            file,
            trustee,
            nested && { group: nested.within, type: nested.type, mark: nested.mark }
          )
        );
      else
        resolver.groupMembersUnknown(
          file,
          line,
          "Trustee Primary SMTP",
          grantor,
          trustee,
          bits,
          shape,
          nested && { group: nested.within, type: nested.type, mark: nested.mark }
        );
      return;
    }
    const row = memberRow(original);
    // A member row under a trustee the file types as a user (or another non-group): a user has
    // no members, so the row is a damaged or edited file, never a grant to the "member" (rev11i,
    // e18: "juergen@... [MemberRecurse] chloe@..." gave Chloé Full Access, exit 0). Refused with
    // its line, even with --allow-unresolved, as a group-members.csv row under a user is.
    if (row && !groupByIdentity.has(row.key) && nonGroupIdentities.has(row.key)) {
      problems.add({
        file,
        line,
        column: "Trustee Original Identity",
        message: `${quoted(original)} lists a member (${row.mark.trim()}) of ${quoted(row.group)}, which this file's own row for it types as ${nonGroupIdentities.get(row.key)}, not a group: only a group has members, so the row is not read and ${trustee ? quoted(trustee) : "the member"} gets no ${rightOf(bits)} on ${recipients.addresses[grantor]} through it`,
        fix: `check the row in Exchange (Get-MailboxPermission / Get-RecipientPermission on ${recipients.addresses[grantor]}); the file was edited or damaged: ${fixFor(shape, FIX.rerun())}`,
      });
      return;
    }
    // A member row under a trustee whose own row has no Trustee Recipient Type (an edited file:
    // the tool always writes it): the trustee has members, so it is a group, but of which kind
    // (a distribution group's members get no Full Access or Send As through it) is not told, and
    // its own row would be read as a person's. Refused with both lines, as above (rev11r LOW 9).
    const untyped =
      row && !groupByIdentity.has(row.key) ? untypedIdentities.get(row.key) : undefined;
    if (row && untyped !== undefined && !nonGroupIdentities.has(row.key)) {
      problems.add({
        file,
        line,
        column: "Trustee Original Identity",
        message: `${quoted(original)} lists a member (${row.mark.trim()}) of ${quoted(row.group)}, whose own row (line ${untyped}) has no Trustee Recipient Type${c["Trustee Recipient Type"] < 0 ? " (the file has no such column)" : ""}: it is a group, but whether its members hold ${rightOf(bits)} on ${recipients.addresses[grantor]} through it (a distribution group gives none) cannot be told, and its own row would be read as a person's`,
        fix: `use the file as Export-RecipientPermissions wrote it, with its Trustee Recipient Type column: ${fixFor(shape, FIX.rerun())}`,
      });
      return;
    }
    if (!trustee && row) {
      // A member the tool resolved to no recipient: lost for that member, as a group-members.csv
      // row that names no one is, never read as a trustee named "Team [MemberRecurse] ...". A
      // Deny for it is never matched by name (Resolver.unresolvedErpDeny).
      if (deny)
        resolver.unresolvedErpDeny(
          file,
          line,
          "Trustee Original Identity",
          grantor,
          row.member,
          bits
        );
      else {
        const found = groupOf(row.key, grantKey(row.key, grantor, c, f));
        const group = found === "ambiguous" ? undefined : found;
        resolver.unknownErpMember(
          file,
          line,
          grantor,
          group === undefined ? row.group : recipients.addresses[group],
          group !== undefined && reader.groups.usersOf(group).length === 0,
          row.member,
          bits,
          row.mark
        );
      }
      return;
    }
    if (who !== undefined && row && isRecurse(row.mark) && reader.groups.isGroup(who)) {
      // A group among [MemberRecurse] rows (-ExportGroupMembersRecurse $true): its members are
      // listed as the outer group's own [MemberRecurse] rows, which carry the right to them, so
      // the row is replaced by them in the books, as a grant to a group is by its members;
      // never "members not listed", with a fix to run the option the file shows was on (rev11g
      // S4). A Deny stays counted as one.
      if (!deny) summary.accounting.considered--;
      return;
    }
    const identity = original.trim().toLowerCase();
    if (!trustee && expandedIdentities.has(identity)) {
      // A trustee without mail (no Trustee Primary SMTP: a security group that is not
      // mail-enabled) whose members ExpandGroups listed.
      if (grantsWithMembers.has(grantKey(identity, grantor, c, f))) {
        // Its member rows under this grant carry the right themselves, so nothing is lost and
        // the row is replaced by them in the books, as a grant to a group is by its members. A
        // Deny stays counted as one (its member rows deny it too).
        if (!deny) summary.accounting.considered--;
        return;
      }
      // No member rows under this grant, only under the group's other grants (rev11 f11c item
      // 1): membership is the group's, not the grant's (Exchange grants a right to the group's
      // SID; ExpandGroups lists the group's members, Export-RecipientPermissions' README), so the
      // members listed elsewhere in the file hold this right, or are denied it, too.
      const known = [...new Set(members.filter(([g]) => g === identity).map(([, m]) => m))];
      const unknown = [...(unknownMemberNames.get(identity) ?? [])];
      // The row is replaced by one grant or loss per member in the books.
      if (!deny) summary.accounting.considered += known.length + unknown.length - 1;
      for (const member of known) {
        const memberId = recipients.idOf(member);
        if (memberId !== undefined && recipients.cannotSignIn(memberId) !== undefined) {
          if (!deny) dropped.unsupportedRecipientType++;
          continue;
        }
        const inner = memberId === undefined ? undefined : nestedUnknown.get(memberId);
        if (inner) {
          if (deny)
            resolver.unplacedGroupDeny(
              file,
              line,
              "Trustee Original Identity",
              grantor,
              member,
              bits,
              erpUnlistedDeny(file, member, {
                group: inner.within,
                type: inner.type,
                mark: inner.mark,
              })
            );
          else
            resolver.groupMembersUnknown(
              file,
              line,
              "Trustee Original Identity",
              grantor,
              member,
              bits,
              shape,
              { group: inner.within, type: inner.type, mark: inner.mark }
            );
          continue;
        }
        resolver.grant(file, line, "Trustee Original Identity", grantor, member, "", bits, deny);
      }
      for (const member of unknown) {
        // A member the tool resolved to no recipient: a Deny is not matched to it by name.
        if (deny)
          resolver.unresolvedErpDeny(
            file,
            line,
            "Trustee Original Identity",
            grantor,
            member,
            bits
          );
        else
          resolver.unknownErpMember(
            file,
            line,
            grantor,
            original.trim(),
            known.length === 0,
            member,
            bits,
            unknownMemberMarks.get(identity) ?? ""
          );
      }
      return;
    }
    // A trustee the tool resolved to no recipient: never matched by name (a Deny is one the
    // build cannot place, an Allow a lost right; rev11q finding 4).
    if (!trustee) {
      const lose = deny ? resolver.unresolvedErpDeny : resolver.unresolvedErpAllow;
      lose.call(resolver, file, line, "Trustee Original Identity", grantor, original, bits);
      return;
    }
    // A trustee row without Trustee Recipient Type (the column deleted, or the cell emptied: the
    // tool always writes it) whose trustee no other column the tool writes shows to be a group or
    // not: read as a person's, a group's right would go to the group's own address and its
    // members would silently lose it, a group's Deny would take nothing from them. Refused with
    // the cell, never assumed a person (rev11t finding 3: e8, e8c exited 0).
    const rowType = c["Trustee Recipient Type"] >= 0 ? f[c["Trustee Recipient Type"]].trim() : "";
    if (
      !row &&
      rowType === "" &&
      !(who !== undefined && (reader.groups.isGroup(who) || provenNoGroup.has(who)))
    ) {
      const missing = c["Trustee Recipient Type"] < 0;
      problems.add({
        file,
        line,
        column: missing ? "Trustee Original Identity" : "Trustee Recipient Type",
        message: `${missing ? "the file has no Trustee Recipient Type column" : "Trustee Recipient Type is empty"}, and no other row of the file types ${quoted(original)} (${trustee}): whether it is a person or a group (a security group's members ${deny ? "are denied" : "hold"} ${rightOf(bits)} on ${recipients.addresses[grantor]} through it) cannot be told, so the row is not read as a person's`,
        fix: `use the file as Export-RecipientPermissions wrote it, ${missing ? "with its Trustee Recipient Type column" : "with the row's Trustee Recipient Type"} (do not delete or empty it): ${fixFor(shape, FIX.rerun())}`,
      });
      return;
    }
    resolver.grant(
      file,
      line,
      // The column the value comes from (rev11c M9): the address when the row has one.
      trustee ? "Trustee Primary SMTP" : "Trustee Original Identity",
      grantor,
      trusteeAddress || original,
      "",
      bits,
      deny
    );
  });
  summary.rowsRead[file] = rows;
  if (roleGroupRows > 0)
    summary.warnings.push(
      `${file}: ${roleGroupRows} row(s) list management role group members (Grantor Primary SMTP "Management Role Group", from -ExportManagementRoleGroupMembers): admin roles, not rights on a mailbox, so they are counted as other rights and give no one a right.`
    );
  summary.warnings.push(
    `${file} (Export-RecipientPermissions) has no Sent Items copy, hidden-from-address-lists or no-reply settings: they are published as off.`
  );
}
