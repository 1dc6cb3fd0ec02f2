// Writes a synthetic Exchange Online export (the six CSV files of admin/Export-SendFromData.ps1)
// shaped like a real tenant: most permission rows are noise (SELF, inherited system entries),
// trustees come in every form (UPN, alias, display name, GUID name, smtp: proxy), some are
// orphaned SIDs, groups are nested (with one cycle). Deterministic: a seeded generator.
const fs = require("fs");
const path = require("path");

function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (v) => `"${String(v).replace(/"/g, '""')}"`;
const row = (values) => `${values.map(q).join(",")}\r\n`;

class Out {
  constructor(file, header) {
    this.fd = fs.openSync(file, "w");
    this.buf = [];
    this.rows = 0;
    fs.writeSync(this.fd, "\ufeff" + row(header));
  }
  add(values) {
    this.buf.push(row(values));
    this.rows++;
    if (this.buf.length >= 10000) this.flush();
  }
  flush() {
    if (this.buf.length) fs.writeSync(this.fd, this.buf.join(""));
    this.buf = [];
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
    return this.rows;
  }
}

function guid(r) {
  const h = () =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, "0");
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

/**
 * sizes: { recipients, permissionRows }. About 80% users, 15% shared, 1.5% rooms/equipment,
 * 3.5% groups; permission rows split 40% recipient permissions / 60% mailbox permissions.
 */
function generateTenant(dir, { recipients = 100000, permissionRows = 1000000, seed = 42 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const domain = "contoso.example";
  const pick = (n) => Math.floor(r() * n);
  const counts = {
    users: Math.round(recipients * 0.8),
    shared: Math.round(recipients * 0.15),
    rooms: Math.round(recipients * 0.01),
    equipment: Math.round(recipients * 0.005),
  };
  const groupTotal = recipients - counts.users - counts.shared - counts.rooms - counts.equipment;
  const groupTypes = [
    ["MailUniversalDistributionGroup", 0.55],
    ["MailUniversalSecurityGroup", 0.3],
    ["GroupMailbox", 0.15],
  ];

  // One record per recipient; ids are positions.
  const all = [];
  const add = (kind, type, i) => {
    const id = guid(r);
    const local =
      kind === "user"
        ? `user${i}`
        : kind === "shared"
          ? `shared${i}`
          : kind === "group"
            ? `group${i}`
            : `${kind}${i}`;
    const name = r() < 0.5 ? id : local; // post-2022 objects are named by their GUID
    all.push({
      kind,
      type,
      id,
      name,
      alias: local,
      display: `${kind[0].toUpperCase()}${kind.slice(1)} ${i} ${id.slice(0, 4)}`,
      address: `${local}@${domain}`,
      upn: `${local}@${domain}`,
    });
  };
  for (let i = 0; i < counts.users; i++) add("user", "UserMailbox", i);
  for (let i = 0; i < counts.shared; i++) add("shared", "SharedMailbox", i);
  for (let i = 0; i < counts.rooms; i++) add("room", "RoomMailbox", i);
  for (let i = 0; i < counts.equipment; i++) add("equipment", "EquipmentMailbox", i);
  let g = 0;
  for (const [type, share] of groupTypes) {
    const n = type === "GroupMailbox" ? groupTotal - g : Math.round(groupTotal * share);
    for (let i = 0; i < n; i++) add("group", type, g++);
  }
  const users = all.filter((x) => x.kind === "user");
  const mailboxes = all.filter((x) => x.kind !== "group");
  const shared = all.filter((x) => x.kind === "shared");
  const secGroups = all.filter((x) => x.type === "MailUniversalSecurityGroup");
  const user = () => users[pick(users.length)];
  const trusteeForm = (t) => {
    const x = r();
    if (x < 0.7) return t.upn;
    if (x < 0.8) return t.alias;
    if (x < 0.85) return t.display;
    if (x < 0.95) return t.name;
    return `smtp:${t.address}`;
  };

  const recipientsOut = new Out(path.join(dir, "recipients.csv"), [
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
  ]);
  for (const x of all) {
    recipientsOut.add([
      x.name,
      x.name,
      x.alias,
      x.display,
      x.address,
      x.id,
      x.type,
      x.kind === "group" ? "" : x.upn,
      `SMTP:${x.address};smtp:${x.alias}@contoso.onmicrosoft.com;SIP:${x.address}`,
      // As Export-SendFromData.ps1 writes it: deleted NAMPR...\$... trustees are then proven gone.
      x.alias,
    ]);
  }
  recipientsOut.close();

  const custom = Array.from({ length: 15 }, (_, i) => `CustomAttribute${i + 1}`);
  const mailboxesOut = new Out(path.join(dir, "mailboxes.csv"), [
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "Identity",
    "Name",
    "Alias",
    "ExternalDirectoryObjectId",
    "UserPrincipalName",
    "EmailAddresses",
    "GrantSendOnBehalfTo",
    "MessageCopyForSentAsEnabled",
    "MessageCopyForSendOnBehalfEnabled",
    "HiddenFromAddressListsEnabled",
    "NoReply",
    ...custom,
  ]);
  for (const x of mailboxes) {
    const sob = [];
    if (r() < (x.kind === "shared" ? 0.3 : 0.03)) {
      const n = 1 + pick(3);
      for (let k = 0; k < n; k++) sob.push(user().name);
    }
    mailboxesOut.add([
      x.display,
      x.address,
      x.type,
      x.name,
      x.name,
      x.alias,
      x.id,
      x.upn,
      `SMTP:${x.address};smtp:${x.alias}@contoso.onmicrosoft.com`,
      sob.join(";"),
      r() < 0.2 ? "True" : "False",
      r() < 0.1 ? "True" : "False",
      r() < 0.02 ? "True" : "False",
      r() < 0.005 ? "True" : "False",
      ...custom.map((_, i) => (i === 0 && r() < 0.1 ? "Finance" : "")),
    ]);
  }
  mailboxesOut.close();

  const groups = all.filter((x) => x.kind === "group");
  const groupsOut = new Out(path.join(dir, "groups.csv"), [
    "DisplayName",
    "PrimarySmtpAddress",
    "RecipientTypeDetails",
    "Identity",
    "Name",
    "Alias",
    "ExternalDirectoryObjectId",
    "EmailAddresses",
    "GrantSendOnBehalfTo",
    "HiddenFromAddressListsEnabled",
    "NoReply",
    ...custom,
  ]);
  for (const x of groups) {
    groupsOut.add([
      x.display,
      x.address,
      x.type,
      x.name,
      x.name,
      x.alias,
      x.id,
      `SMTP:${x.address}`,
      r() < 0.1 ? user().name : "",
      "False",
      "False",
      ...custom.map(() => ""),
    ]);
  }
  groupsOut.close();

  const membersOut = new Out(path.join(dir, "group-members.csv"), [
    "GroupPrimarySmtpAddress",
    "MemberPrimarySmtpAddress",
  ]);
  for (const x of groups) {
    const n = 5 + pick(20);
    for (let k = 0; k < n; k++) membersOut.add([x.address, user().address]);
  }
  // Nesting: every tenth security group holds the next one; the last holds the first (a cycle).
  for (let i = 0; i + 1 < secGroups.length; i += 10)
    membersOut.add([secGroups[i].address, secGroups[i + 1].address]);
  if (secGroups.length > 1) membersOut.add([secGroups[1].address, secGroups[0].address]);
  membersOut.close();

  const recipientRows = Math.round(permissionRows * 0.4);
  const rpOut = new Out(path.join(dir, "recipient-permissions.csv"), [
    "Identity",
    "Trustee",
    "AccessControlType",
    "AccessRights",
    "IsInherited",
    "InheritanceType",
    "TrusteeSidString",
  ]);
  const sid = () => `S-1-5-21-1180699209-877415012-3182924384-${1000 + pick(900000)}`;
  // Every mailbox has its SELF row; the rest are grants to users and groups, with some noise.
  for (let i = 0; i < mailboxes.length && rpOut.rows < recipientRows; i++) {
    const x = mailboxes[i];
    rpOut.add([
      x.name,
      i % 7 === 0 ? "NT-AUTORITÄT\\SELBST" : "NT AUTHORITY\\SELF",
      "Allow",
      "SendAs",
      "False",
      "None",
      "S-1-5-10",
    ]);
  }
  // Get-EXORecipientPermission lists each recipient's entries together: runs of rows per target.
  const targets = [...shared, ...groups];
  let next = 0;
  while (rpOut.rows < recipientRows) {
    const x = targets[next++ % targets.length];
    for (let k = 1 + pick(30); k > 0 && rpOut.rows < recipientRows; k--) {
      const v = r();
      if (v < 0.02)
        rpOut.add([
          x.name,
          `S-1-5-21-3623811015-3361044348-30300820-${pick(100000)}`,
          "Allow",
          "SendAs",
          "False",
          "None",
          sid(),
        ]);
      else if (v < 0.03)
        rpOut.add([x.name, trusteeForm(user()), "Deny", "SendAs", "False", "None", sid()]);
      else if (v < 0.06 && secGroups.length)
        rpOut.add([
          x.name,
          secGroups[pick(secGroups.length)].display,
          "Allow",
          "SendAs",
          "False",
          "None",
          sid(),
        ]);
      else rpOut.add([x.name, trusteeForm(user()), "Allow", "SendAs", "False", "None", sid()]);
    }
  }
  rpOut.close();

  const mpOut = new Out(path.join(dir, "mailbox-permissions.csv"), [
    "Identity",
    "User",
    "AccessRights",
    "IsInherited",
    "Deny",
    "InheritanceType",
    "UserSid",
  ]);
  const mailboxRows = permissionRows - recipientRows;
  const inheritedRows = [
    [
      "NAMPR01A001\\Administrator",
      "FullAccess",
      "True",
      "True",
      "S-1-5-21-1180699209-877415012-3182924384-500",
    ],
    [
      "NAMPR01A001\\Domain Admins",
      "FullAccess",
      "True",
      "True",
      "S-1-5-21-1180699209-877415012-3182924384-512",
    ],
    ["NT AUTHORITY\\SYSTEM", "FullAccess", "True", "False", "S-1-5-18"],
  ];
  for (let i = 0; i < mailboxes.length && mpOut.rows + 4 <= mailboxRows / 2; i++) {
    const x = mailboxes[i];
    mpOut.add([
      x.name,
      i % 7 === 0 ? "NT-AUTORITÄT\\SELBST" : "NT AUTHORITY\\SELF",
      "FullAccess, ReadPermission",
      "False",
      "False",
      "All",
      "S-1-5-10",
    ]);
    for (const [who, rights, inherited, deny, s] of inheritedRows)
      mpOut.add([x.name, who, rights, inherited, deny, "All", s]);
  }
  next = 0;
  while (mpOut.rows < mailboxRows) {
    const x = shared[next++ % shared.length];
    for (let k = 1 + pick(40); k > 0 && mpOut.rows < mailboxRows; k--) {
      const v = r();
      if (v < 0.01)
        mpOut.add([
          x.name,
          `NAMPR01A001\\$${pick(1e6).toString(36).toUpperCase()}-XYZ`,
          "FullAccess",
          "False",
          "False",
          "All",
          sid(),
        ]);
      else if (v < 0.03)
        mpOut.add([x.name, trusteeForm(user()), "ReadPermission", "False", "False", "All", sid()]);
      else
        mpOut.add([
          x.name,
          trusteeForm(user()),
          r() < 0.5 ? "FullAccess" : "FullAccess, ReadPermission",
          "False",
          "False",
          "All",
          sid(),
        ]);
    }
  }
  mpOut.close();

  fs.writeFileSync(
    path.join(dir, "export-info.csv"),
    '\ufeff"GeneratedAt","DefaultDomain","OrganizationName"\r\n"2026-11-01T06:00:00Z","contoso.example","Contoso"\r\n'
  );
  return { recipients: all.length, permissionRows: rpOut.rows + mpOut.rows };
}

module.exports = { generateTenant };
