// Every change a fix can ask for, in one place, each with the kind of change it is, so that
// sources.ts fixFor can address it to whatever wrote the file without gluing a phrase about the
// exporting command onto a change that is made in Exchange (rev11 finding 5, and its whole kind).
// test/unit/admin/fix-texts.test.ts renders each entry for each source.

import { psString } from "./shown";

/** FIX.codePage's `what` for a file in a DOS (OEM) code page: cmd's redirection, csvde. */
export const OEM_CSV =
  "write it again in UTF-8 (cmd's \">\" redirection and csvde write the console's OEM code page; Export-Csv -NoTypeInformation -Encoding UTF8 writes UTF-8)";

/** FIX.codePage's `what` for a file Excel for Mac saved as plain CSV (Mac Roman). */
export const MAC_CSV = 'save it in Excel for Mac as "CSV UTF-8 (Comma delimited) (.csv)"';

/**
 * What kind of change a fix asks for; fixFor phrases each kind for each source:
 * - "command": a change to how the file is written (a verb phrase about the exporting command:
 *   "export the column X", "join ... with ';'"), addressed to the command or tool that wrote it;
 * - "exchange": a change made in Exchange itself, then the file exported again;
 * - "encoding": the file written again in UTF-8 (it was written as ASCII or an ANSI code page);
 * - "format": the file is not the CSV its writer makes (edited by hand or by another tool): it
 *   is written again by that writer; `what` is the CSV rule that was broken (a noun phrase);
 * - "again": the same export run again, nothing changed.
 */
export type FixKind = "command" | "exchange" | "encoding" | "format" | "again";

/** A change a fix asks for: see FixKind for how `what` is phrased for each kind. */
export interface Fix {
  kind: FixKind;
  what: string;
}

const command = (what: string): Fix => ({ kind: "command", what });
const exchange = (what: string): Fix => ({ kind: "exchange", what });
const format = (what: string): Fix => ({ kind: "format", what });

/**
 * The catalogue. Parameters are values from the exports (column names, addresses); each
 * function returns a Fix whose `what` is phrased as its kind requires.
 */
export const FIX = {
  missingColumn: (column: string) => command(`export the column ${column}`),
  /**
   * A list's .NET type name in `column`. A column of one trustee or member per row (Trustee,
   * User, MemberPrimarySmtpAddress) is written a row per value, since a joined one is refused
   * too (rev11j finding 8: the "-join ';'" fix led to that refusal); any other list column
   * (GrantSendOnBehalfTo, EmailAddresses, AccessRights) is joined with ";".
   */
  dotNetList: (column: string): Fix => {
    const key = column.trim().toLowerCase();
    if (key === "trustee" || key === "user") return FIX.oneTrusteePerRow(column);
    if (key === "memberprimarysmtpaddress") return FIX.oneMemberPerRow();
    return command(
      `join the values before Export-Csv, e.g. Select-Object @{Name='${column}';Expression={$_.${column} -join ';'}}`
    );
  },
  psObject: (column: string) =>
    command(
      /^(trustee|user|identity|memberprimarysmtpaddress)$/i.test(column.trim())
        ? `write the value, not an object holding it: select the property itself (Select-Object -ExpandProperty, or ${column} = $_.${column}.PrimarySmtpAddress when the object has one)`
        : `write the values, not objects: e.g. Select-Object @{Name='${column}';Expression={($_.${column} | ForEach-Object Name) -join ';'}}`
    ),
  dotNetObject: (column: string) =>
    command(
      `write the value as text before Export-Csv, e.g. Select-Object @{Name='${column}';Expression={$_.${column}.ToString()}}`
    ),
  fieldCount: () => format("every row has as many fields as the header line"),
  /**
   * An unquoted file with a row of more fields than its header: a value holding the separator was
   * written without quotes, which Excel never does (it quotes such a value) and PowerShell 7's
   * Export-Csv -UseQuotes Never does (rev11t LOW 6). Source: Microsoft, Export-Csv -UseQuotes.
   */
  quoteSeparators: (separator: string) =>
    command(
      `write every value that holds the separator ${JSON.stringify(separator)} in quotes (PowerShell 7's Export-Csv -UseQuotes Never leaves such a value unquoted: use -UseQuotes AsNeeded or Always)`
    ),
  quoting: () =>
    format(
      'a field that holds a quote is quoted, and the quote inside it is written as two quotes ("")'
    ),
  notCsv: () => format("every line is CSV with the header line's separator"),
  headerOnce: () =>
    format(
      "its header line comes once (Export-Csv -Append adds rows without a second header; files joined with type, cat or Get-Content | Set-Content repeat it)"
    ),
  columnOnce: () => format("its header line names each column once"),
  /** A field or row longer than csv.ts MAX_RECORD_CHARS whose quotes are well formed (rev11e 6). */
  fieldSize: () =>
    format(
      "each field holds the value Exchange returns, far under 4 MB (check the row: a file, log or list pasted into one cell, or rows joined into one?)"
    ),
  /** A trustee whose recipients.csv row has no PrimarySmtpAddress (no mailbox, no shard). */
  noMailbox: (line: number) =>
    exchange(
      `if the recipient at recipients.csv line ${line} should use this right in Outlook, give it a mailbox in Exchange (Enable-Mailbox, or a license)`
    ),
  /** A group without PrimarySmtpAddress (a security group without mail) holding a right (rev11n 1). */
  noMailboxGroup: (line: number) =>
    exchange(
      `if the members of the group at recipients.csv line ${line} should use this right in Outlook, mail-enable it (Enable-DistributionGroup) so the export lists its members`
    ),
  flagColumn: (column: string) => command(`export ${column} as Exchange returns it (True/False)`),
  /** A list of trustees joined into a column that holds one trustee per row (f11 gap 1). */
  oneTrusteePerRow: (column: string) =>
    command(
      `write one row per trustee, with the trustee alone in ${column}, as Exchange returns them (do not group rows or join trustees)`
    ),
  /** group-members.csv: several members joined into one row's value (f11 gap 1). */
  oneMemberPerRow: () =>
    command(
      "write one row per member, with the member alone in MemberPrimarySmtpAddress, as Exchange returns them (do not group rows or join members)"
    ),
  accessControlType: () => command("export AccessControlType as Exchange returns it (Allow/Deny)"),
  accessRights: () => command("export AccessRights as Exchange returns it (e.g. -join ';')"),
  erpRecipientType: () => ({ kind: "again", what: "" }) as Fix,
  /** Two ERP group trustees with one Trustee Original Identity (rev11j finding 2). */
  erpSameIdentity: () =>
    exchange(
      "give one of the two groups another name and display name (Set-DistributionGroup, or Set-UnifiedGroup for a Microsoft 365 group, -Name and -DisplayName), so that Export-RecipientPermissions names each group's members apart"
    ),
  /**
   * An address with an invisible character. `primary`, the address without it, when `raw` is a
   * primary address: Exchange refuses to remove a recipient's primary address, so another is made
   * primary first (Set-Mailbox -WindowsEmailAddress in Exchange Online, -PrimarySmtpAddress on
   * premises; Microsoft, "Set-Mailbox"), then the old one is removed (rev11e 5).
   */
  addressHidden: (raw: string, primary?: string) =>
    exchange(
      primary
        ? `make the address without the character the primary one first (Set-Mailbox <mailbox> -WindowsEmailAddress ${psString(primary)} in Exchange Online, or -PrimarySmtpAddress on premises; Set-DistributionGroup for a group), as Exchange does not remove a primary address, then remove the old one (Set-Mailbox <mailbox> -EmailAddresses @{remove=${psString(raw)}})`
        : `remove the character from the address in Exchange (Set-Mailbox <mailbox> -EmailAddresses @{remove=${psString(raw)}})`
    ),
  notAnAddress: (column: string) => command(`write the recipient's ${column} as one SMTP address`),
  upnHidden: () =>
    exchange(
      "remove the character from the user principal name in Exchange (Set-User <user> -UserPrincipalName <the name without it>)"
    ),
  addressClaimedTwice: (address: string) =>
    exchange(
      `remove ${address} in Exchange from the recipient that should not have it (Set-Mailbox <that recipient> -EmailAddresses @{remove="${address}"}; if it was only moved while exporting, nothing needs removing)`
    ),
  /**
   * A proxy address of `holder` that is `primaryOf`'s primary address: a primary address is
   * not removed, so the proxy is (rev11q finding 5: the fix pointed at the group).
   */
  primaryClaimedAsProxy: (address: string, holder: string, primaryOf: string) =>
    exchange(
      `remove ${address} from the proxy addresses of ${holder} (Set-Mailbox ${holder} -EmailAddresses @{remove="${address}"}; Set-DistributionGroup or Set-MailUser for a group or mail user): it is the primary address of ${primaryOf}`
    ),
  /** A proxy address of `claimant` that is `owner`'s user principal name (rev11j finding 3). */
  upnClaimedAsProxy: (address: string, claimant: string, owner: string) =>
    exchange(
      `remove ${address} from the proxy addresses of ${claimant} (Set-Mailbox ${claimant} -EmailAddresses @{remove="${address}"}), or, if it should be ${claimant}'s, give ${owner} another user principal name (Set-User ${owner} -UserPrincipalName <new name>)`
    ),
  noReplyAttribute: (attribute: string) => command(`export ${attribute} (CustomAttribute1-15)`),
  recipientType: () => command("export RecipientTypeDetails as Exchange returns it"),
  /** A GroupType that is no GroupTypeFlags value (values.groupTypeSecurity). */
  groupType: () =>
    command(
      'export GroupType as Get-DistributionGroup returns it ("Universal, SecurityEnabled", "Global"...)'
    ),
  /**
   * A group whose category the exports do not tell (a MailNonUniversalGroup without GroupType):
   * groups.csv with the column that tells it (rev11r finding 4).
   */
  groupTypeColumn: () =>
    command(
      "export groups.csv with Get-DistributionGroup's GroupType column (Select-Object ...,GroupType), which tells a mail-enabled security group from a distribution group"
    ),
  wrongFile: (mailboxInGroups: boolean) =>
    command(
      `export ${mailboxInGroups ? "mailboxes (Get-Mailbox) into mailboxes.csv" : "groups (Get-DistributionGroup, Get-DynamicDistributionGroup, Get-UnifiedGroup) into groups.csv"}`
    ),
  listedTwice: () => command("export each mailbox and group once"),
  recipientOnce: () =>
    command("export each recipient once (into a new recipients.csv, not appended to the old one)"),
  utf8: (): Fix => ({ kind: "encoding", what: "" }),
  /**
   * The file is in `page` (decode.ts names), not Windows-1252: for Mac Roman, Excel for Mac's
   * plain "Comma Separated Values" wrote it and its own "CSV UTF-8" is the fix (rev11d finding
   * 19); for any other page, the Windows fix of utf8().
   */
  codePage: (page: string): Fix => ({
    kind: "encoding",
    what: page.startsWith("Mac Roman") ? MAC_CSV : page.includes("OEM") ? OEM_CSV : "",
  }),
  /** A Send on Behalf list joined with `separator` that names in it also hold. */
  sendOnBehalfJoin: (separator: string) =>
    command(
      separator === ","
        ? "join GrantSendOnBehalfTo with ';' (e.g. -join ';'), or write primary SMTP addresses instead of names"
        : "write GrantSendOnBehalfTo as primary SMTP addresses (joined with ';') instead of names"
    ),
  groupMembers: (group: string, cmdlet: string) =>
    command(
      `export the members of ${group} (${cmdlet}) into group-members.csv, and the group itself into groups.csv, in the same run as the other files`
    ),
  recipientTypeColumn: () =>
    command(
      "export recipients.csv with its RecipientTypeDetails column (Get-Recipient -ResultSize Unlimited | Select-Object ...,RecipientTypeDetails)"
    ),
  nameHidden: (role: "trustee" | "Identity", file: string, cmdlet: string) =>
    exchange(
      `remove the character from the ${role} where it is set (in Exchange, the ${role === "Identity" ? "mailbox's" : "trustee's"} name: Set-User, Set-Mailbox or Set-Group -Name/-DisplayName, as ${cmdlet} writes names as Exchange has them; or in ${file}, if it was edited)`
    ),
  uniqueTrustee: (column: string) =>
    command(
      `write the ${column} as the recipient's primary SMTP address, object id or SID instead of a value that several recipients share`
    ),
  samAccountName: () =>
    command(
      "export recipients.csv with a filled SamAccountName column (Get-Recipient's SamAccountName), so DOMAIN\\name trustees are matched"
    ),
  trusteesAsExchange: () => command("write trustees as Exchange returns them"),
  membersByAddress: () => command("write members by PrimarySmtpAddress"),
  expandGroups: () => command("run it with -ExpandGroups $true, which lists each group's members"),
  /**
   * Export-RecipientPermissions lists only a group's direct members ([MemberDirect] rows, nested
   * groups among them) unless -ExportGroupMembersRecurse is $true (its default is $false; its
   * README, "ExportGroupMembersRecurse"): then [MemberRecurse] rows list the members inside too.
   */
  expandGroupsRecurse: () =>
    command(
      "run it with -ExpandGroups $true -ExportGroupMembersRecurse $true, which lists the members of groups inside a trustee group too ([MemberRecurse] rows)"
    ),
  identityAsExchange: () => command("write Identity as Exchange returns it"),
  rerun: (): Fix => ({ kind: "again", what: "" }),
} satisfies Record<string, (...args: never[]) => Fix>;

/**
 * Output of a cmdlet or tool the build recognises by its header, found in an input file it does
 * not belong in (f11 gap 2). Sources: Microsoft, "Get-ADPermission" (Identity, User,
 * ExtendedRights, AccessRights, IsInherited, Deny), "Get-RecipientPermission" (Trustee,
 * AccessControlType), "Get-MailboxPermission" (User, AccessRights, Deny); GruberMarkus/
 * Export-RecipientPermissions' README "Output" (Grantor Primary SMTP).
 */
export type ForeignOutput =
  | "Get-ADPermission"
  | "Get-RecipientPermission"
  | "Get-MailboxPermission"
  | "Export-RecipientPermissions";

/** The input file each recognised output belongs in; null for one the build never reads. */
export const FOREIGN_HOME: Record<ForeignOutput, string | null> = {
  "Get-ADPermission": null,
  "Get-RecipientPermission": "recipient-permissions.csv",
  "Get-MailboxPermission": "mailbox-permissions.csv",
  "Export-RecipientPermissions": null,
};

/** What each input file holds, written by which cmdlet, for a fix that says what belongs there. */
const FILE_CONTENT: Record<string, string> = {
  "recipients.csv":
    "recipients.csv holds every recipient: Get-Recipient -ResultSize Unlimited | Select-Object PrimarySmtpAddress,Identity,Name,Alias,DisplayName,ExternalDirectoryObjectId,RecipientTypeDetails,UserPrincipalName,SamAccountName,@{Name='EmailAddresses';Expression={$_.EmailAddresses -join ';'}} | Export-Csv recipients.csv -NoTypeInformation -Encoding UTF8",
  "mailboxes.csv":
    "mailboxes.csv holds the mailboxes: Get-Mailbox -ResultSize Unlimited | Select-Object DisplayName,PrimarySmtpAddress,RecipientTypeDetails,@{Name='GrantSendOnBehalfTo';Expression={$_.GrantSendOnBehalfTo -join ';'}},MessageCopyForSentAsEnabled,MessageCopyForSendOnBehalfEnabled,HiddenFromAddressListsEnabled | Export-Csv mailboxes.csv -NoTypeInformation -Encoding UTF8",
  "groups.csv":
    "groups.csv holds the groups: Get-DistributionGroup -ResultSize Unlimited | Select-Object DisplayName,PrimarySmtpAddress,RecipientTypeDetails,GroupType,@{Name='GrantSendOnBehalfTo';Expression={$_.GrantSendOnBehalfTo -join ';'}},HiddenFromAddressListsEnabled | Export-Csv groups.csv -NoTypeInformation -Encoding UTF8",
  "group-members.csv":
    "group-members.csv holds each group's members (Get-DistributionGroupMember) as the columns GroupPrimarySmtpAddress and MemberPrimarySmtpAddress, one row per member",
  "recipient-permissions.csv":
    "recipient-permissions.csv holds Send As from Exchange Online: Get-RecipientPermission -ResultSize Unlimited | Where-Object { $_.AccessRights -contains 'SendAs' } | Select-Object Identity,Trustee,AccessControlType,@{Name='AccessRights';Expression={$_.AccessRights -join ';'}},IsInherited,InheritanceType,TrusteeSidString | Export-Csv recipient-permissions.csv -NoTypeInformation -Encoding UTF8",
  "mailbox-permissions.csv":
    "mailbox-permissions.csv holds Full Access from Exchange Online: Get-Mailbox -ResultSize Unlimited | Get-MailboxPermission | Select-Object Identity,User,@{Name='AccessRights';Expression={$_.AccessRights -join ';'}},IsInherited,Deny,InheritanceType,UserSid | Export-Csv mailbox-permissions.csv -NoTypeInformation -Encoding UTF8",
  "export-info.csv": "export-info.csv holds the time of the export (GeneratedAt) and DefaultDomain",
};

/**
 * The fix for recognised output in the wrong input file: where this output goes (or that the
 * build reads it nowhere), then what belongs in `file` and how to write it. `scriptStep` names
 * the script's step that writes `file` ("" unless the folder proves the script wrote it).
 */
export function foreignOutputFix(found: ForeignOutput, file: string, scriptStep: string): string {
  const home = FOREIGN_HOME[found];
  const content = FILE_CONTENT[file] ?? `${file} holds what docs/admin-pipeline.md lists for it`;
  const script = scriptStep ? ` (${scriptStep} does this)` : "";
  if (found === "Get-ADPermission")
    return file === "recipient-permissions.csv"
      ? `export Send As from Exchange Online instead: ${content.slice(content.indexOf(": ") + 2)}${script}`
      : `export from Exchange Online instead (the build reads no Get-ADPermission output): ${content}${script}`;
  // Read only in a folder of its own: any script file beside it is an error since rev11k 3, so
  // "without recipients.csv, the build reads it instead" was untrue (rev11l finding 8).
  if (found === "Export-RecipientPermissions")
    return `put the Export-RecipientPermissions result alone in a folder of its own (the build reads it only there: beside any file of Export-SendFromData.ps1 it is an error), and here write ${file} again: ${content}${script}`;
  return `save this file as ${home} in the export folder, and write ${file} again: ${content}${script}`;
}

/**
 * The fix for a shard over the pane's limit (MAX_SHARD_BYTES), for build and validate alike.
 * Building again reproduces the shard (rev11d finding 3), so the fix is in Exchange: the rights
 * one account holds. An account with rights on thousands of mailboxes is usually an admin or
 * service account given Full Access everywhere, which sends with Exchange's rights, not the pane.
 */
export const OVERSIZED_SHARD_FIX =
  "remove the rights this user does not send with, in Exchange (often Full Access to every mailbox given to an admin or service account, directly or through a group: Remove-MailboxPermission, Remove-RecipientPermission, Remove-DistributionGroupMember), then export and build again; building again without that change writes the same shard";

/**
 * What to do when object-ids.json maps no delegate: the directory service (protected mode, the
 * add-in's default: README "Configuration") finds a caller's shard by their Entra object id, which
 * only recipients.csv's ExternalDirectoryObjectId gives (rev11d finding 17).
 */
export const NO_OBJECT_IDS_FIX =
  "export recipients.csv with its ExternalDirectoryObjectId column (Export-SendFromData.ps1 writes it; Export-RecipientPermissions' file has no object ids, so run Export-SendFromData.ps1 for the directory service), or publish the shards as static files for an add-in built with SEND_FROM_DIRECTORY_ACCESS=public";
