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
] as const;

export const RECIPIENTS: CsvSpec<
  | "PrimarySmtpAddress"
  | "Identity"
  | "Name"
  | "Alias"
  | "DisplayName"
  | "ExternalDirectoryObjectId"
  | "EmailAddresses"
  | "UserPrincipalName"
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
  optional: ["UserPrincipalName"],
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
};

export const GROUPS: CsvSpec<TargetColumn> = {
  file: "groups.csv",
  step: "Groups",
  required: ["DisplayName", "PrimarySmtpAddress", "RecipientTypeDetails", "GrantSendOnBehalfTo"],
  optional: ["HiddenFromAddressListsEnabled", "NoReply", ...IDENTITY_FORMS],
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

export const EXPORT_INFO: CsvSpec<"GeneratedAt" | "DefaultDomain"> = {
  file: "export-info.csv",
  step: "Export info",
  required: ["GeneratedAt"],
  optional: ["DefaultDomain"],
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
