import { CsvSpec } from "./csv";

// The files admin/Export-SendFromData.ps1 writes, and what the build reads from each.
// The step names match the script's Write-Progress activities, so an error points at one step.

const IDENTITY_FORMS = [
  "Identity",
  "Name",
  "Alias",
  "ExternalDirectoryObjectId",
  "UserPrincipalName",
  "EmailAddresses",
  "SamAccountName",
  "Sid",
] as const;

const CUSTOM_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `CustomAttribute${i + 1}`);

export const RECIPIENTS: CsvSpec<
  | "PrimarySmtpAddress"
  | "Identity"
  | "Name"
  | "Alias"
  | "DisplayName"
  | "ExternalDirectoryObjectId"
  | "EmailAddresses"
  | "UserPrincipalName"
  | "SamAccountName"
  | "Sid"
  | "RecipientTypeDetails"
> = {
  file: "recipients.csv",
  step: "Recipients",
  required: [
    "PrimarySmtpAddress",
    "Identity",
    "Name",
    "Alias",
    "DisplayName",
    "ExternalDirectoryObjectId",
    "EmailAddresses",
  ],
  // SamAccountName: DOMAIN\\sAMAccountName trustees match it, and a deleted one is told from a
  // live one; Sid: when an export carries it, trustees given as SIDs match it.
  optional: ["UserPrincipalName", "SamAccountName", "Sid", "RecipientTypeDetails"],
  scriptColumns: [
    "Identity",
    "Name",
    "Alias",
    "DisplayName",
    "PrimarySmtpAddress",
    "ExternalDirectoryObjectId",
    "RecipientTypeDetails",
    "UserPrincipalName",
    "EmailAddresses",
    "SamAccountName",
  ],
};

export type TargetColumn =
  | "DisplayName"
  | "PrimarySmtpAddress"
  | "RecipientTypeDetails"
  | "GrantSendOnBehalfTo"
  | "HiddenFromAddressListsEnabled"
  | "NoReply"
  | (typeof IDENTITY_FORMS)[number];

export type MailboxOnlyColumn = "MessageCopyForSentAsEnabled" | "MessageCopyForSendOnBehalfEnabled";

/**
 * GroupType: Get-DistributionGroup's GroupType ("Universal, SecurityEnabled", "Global"...), the
 * only column that tells a mail-enabled security group from a distribution group when the
 * RecipientTypeDetails does not (MailNonUniversalGroup is either: rev11r finding 4). Empty for
 * dynamic and Microsoft 365 groups; missing from older exports and other tools (optional).
 */
export type GroupOnlyColumn = "GroupType";

export const MAILBOXES: CsvSpec<TargetColumn | MailboxOnlyColumn> = {
  file: "mailboxes.csv",
  step: "Mailboxes",
  required: [
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "GrantSendOnBehalfTo",
    "MessageCopyForSentAsEnabled",
    "MessageCopyForSendOnBehalfEnabled",
    "HiddenFromAddressListsEnabled",
  ],
  optional: ["NoReply", ...IDENTITY_FORMS],
  scriptColumns: [
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "Identity",
    "Name",
    "Alias",
    "ExternalDirectoryObjectId",
    "UserPrincipalName",
    "SamAccountName",
    "EmailAddresses",
    "GrantSendOnBehalfTo",
    "MessageCopyForSentAsEnabled",
    "MessageCopyForSendOnBehalfEnabled",
    "HiddenFromAddressListsEnabled",
    "NoReply",
    ...CUSTOM_ATTRIBUTES,
  ],
};

export const GROUPS: CsvSpec<TargetColumn | GroupOnlyColumn> = {
  file: "groups.csv",
  step: "Groups",
  required: ["DisplayName", "PrimarySmtpAddress", "RecipientTypeDetails", "GrantSendOnBehalfTo"],
  optional: ["GroupType", "HiddenFromAddressListsEnabled", "NoReply", ...IDENTITY_FORMS],
  scriptColumns: [
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "GroupType",
    "Identity",
    "Name",
    "Alias",
    "ExternalDirectoryObjectId",
    "EmailAddresses",
    "GrantSendOnBehalfTo",
    "HiddenFromAddressListsEnabled",
    "NoReply",
    ...CUSTOM_ATTRIBUTES,
  ],
};

export const GROUP_MEMBERS: CsvSpec<"GroupPrimarySmtpAddress" | "MemberPrimarySmtpAddress"> = {
  file: "group-members.csv",
  step: "Group members",
  required: ["GroupPrimarySmtpAddress", "MemberPrimarySmtpAddress"],
  optional: [],
};

export const RECIPIENT_PERMISSIONS: CsvSpec<
  | "Identity"
  | "Trustee"
  | "AccessControlType"
  | "AccessRights"
  | "IsInherited"
  | "TrusteeSidString"
  | "InheritanceType"
> = {
  file: "recipient-permissions.csv",
  step: "Send As (recipient permissions)",
  required: [
    "Identity",
    "Trustee",
    "AccessControlType",
    "AccessRights",
    "IsInherited",
    "TrusteeSidString",
  ],
  optional: ["InheritanceType"],
};

export const MAILBOX_PERMISSIONS: CsvSpec<
  "Identity" | "User" | "AccessRights" | "IsInherited" | "Deny" | "UserSid" | "InheritanceType"
> = {
  file: "mailbox-permissions.csv",
  step: "Full Access (mailbox permissions)",
  required: ["Identity", "User", "AccessRights", "IsInherited", "Deny"],
  optional: ["UserSid", "InheritanceType"],
};

export const EXPORT_INFO: CsvSpec<"GeneratedAt" | "DefaultDomain" | "Unread"> = {
  file: "export-info.csv",
  step: "Export info",
  required: ["GeneratedAt"],
  // Unread: what Export-SendFromData.ps1 could not read (";"-joined), so rights are unknown
  // (rev11o findings 6 and 8); older versions of the script did not write it.
  optional: ["DefaultDomain", "Unread"],
  scriptColumns: ["GeneratedAt", "DefaultDomain", "ModuleVersion", "Unread"],
};

/** Every CSV the build needs, in reading order (recipients first: everything else resolves through them). */
export const REQUIRED_FILES = [
  RECIPIENTS,
  MAILBOXES,
  GROUPS,
  GROUP_MEMBERS,
  RECIPIENT_PERMISSIONS,
  MAILBOX_PERMISSIONS,
] as const;

/** The name Export-RecipientPermissions gives its result (the build reads the result under any .csv name). */
export const ERP_FILE = "Export-RecipientPermissions_Result.csv";
/**
 * The column that tells the Export-RecipientPermissions result from any other CSV, in lower case
 * (unread-files.ts folderKind finds the result by it).
 */
export const ERP_HEADER_MARK = "grantor primary smtp";

/**
 * The rows Exchange's listing cmdlets return without -ResultSize: Microsoft, Get-Recipient,
 * Get-Mailbox, Get-DistributionGroup and Get-RecipientPermission, "-ResultSize ... The default
 * value is 1000" (learn.microsoft.com/powershell/module/exchange).
 */
export const RESULT_SIZE_DEFAULT = 1_000;
