import { judgePermission } from "../../../src/admin/rules";
import {
  FULL_ACCESS,
  isDotNetTypeName,
  isSelf,
  kindOf,
  lookupKey,
  parseAccessControlType,
  parseAccessRights,
  parseFlag,
  rightsFromBits,
  SEND_AS,
  SEND_ON_BEHALF,
  smtpFromProxy,
  splitValues,
} from "../../../src/admin/values";
import { diagnoseUnresolved } from "../../../src/admin/rules";

describe("fields of an export", () => {
  it("reads booleans as Export-Csv writes them, and Yes/No/1/0 for hand-made columns", () => {
    expect(["True", "true", " TRUE ", "Yes", "1"].map(parseFlag)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["False", "false", "No", "0", ""].map(parseFlag)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(parseFlag("maybe")).toBeNull();
    expect(parseFlag("$true")).toBeNull();
  });

  it("reads AccessControlType, with an empty field meaning Allow", () => {
    expect(parseAccessControlType("Allow")).toBe("Allow");
    expect(parseAccessControlType("")).toBe("Allow");
    expect(parseAccessControlType(" deny ")).toBe("Deny");
    expect(parseAccessControlType("Audit")).toBeNull();
  });

  it("finds Send As and Full Access among several rights in one AccessRights field", () => {
    expect(parseAccessRights("SendAs")).toBe(SEND_AS);
    expect(parseAccessRights("FullAccess")).toBe(FULL_ACCESS);
    expect(parseAccessRights("FullAccess, ReadPermission")).toBe(FULL_ACCESS);
    expect(parseAccessRights("ReadPermission;FullAccess")).toBe(FULL_ACCESS);
    expect(parseAccessRights("{ChangeOwner, FullAccess}")).toBe(FULL_ACCESS);
    expect(parseAccessRights("sendas")).toBe(SEND_AS);
    expect(parseAccessRights("ReadPermission, ChangePermission")).toBe(0);
    expect(parseAccessRights("")).toBe(0);
  });

  it("splits multi-valued fields on ';' only, since display names contain commas", () => {
    expect(splitValues("Wilber, Alex; Bowen, Megan ;;")).toEqual(["Wilber, Alex", "Bowen, Megan"]);
    expect(splitValues("")).toEqual([]);
  });

  it("recognises the .NET type names Export-Csv writes for lists", () => {
    expect(isDotNetTypeName("System.Collections.Generic.List`1[System.String]")).toBe(true);
    expect(
      isDotNetTypeName(
        "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.ADObjectId]"
      )
    ).toBe(true);
    expect(isDotNetTypeName("System.Object[]")).toBe(true);
    expect(
      isDotNetTypeName("Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]")
    ).toBe(true);
    expect(isDotNetTypeName("SendAs")).toBe(false);
    expect(isDotNetTypeName("Team [Berlin]")).toBe(false);
    expect(isDotNetTypeName("")).toBe(false);
    expect(isDotNetTypeName("  System.Object[]\t")).toBe(true);
    // A control character that trim() keeps: an answer, not endless recursion.
    expect(isDotNetTypeName("\u0001System.Object[]")).toBe(false);
    expect(isDotNetTypeName("\u001f")).toBe(false);
  });

  it("knows SELF by its SID whatever the localised name, and by name only when the SID is missing", () => {
    expect(isSelf("S-1-5-10", "NT AUTHORITY\\SELF")).toBe(true);
    expect(isSelf("S-1-5-10", "NT-AUTORITÄT\\SELBST")).toBe(true);
    expect(isSelf("S-1-5-10", "AUTORITE NT\\Self")).toBe(true);
    expect(isSelf("", "NT-AUTORITÄT\\SELBST")).toBe(true);
    expect(isSelf("S-1-5-21-1-2-3-1004", "NT AUTHORITY\\SELF")).toBe(false);
    expect(isSelf("S-1-5-18", "NT AUTHORITY\\SYSTEM")).toBe(false);
  });

  it("reads proxy addresses: smtp ones only, prefix removed", () => {
    expect(smtpFromProxy("SMTP:Alex@Contoso.example")).toBe("Alex@Contoso.example");
    expect(smtpFromProxy("smtp:alex@contoso.example")).toBe("alex@contoso.example");
    expect(smtpFromProxy("SIP:alex@contoso.example")).toBeNull();
    expect(smtpFromProxy("X500:/o=ExchangeLabs/cn=Recipients/cn=alex")).toBeNull();
    expect(smtpFromProxy("alex@contoso.example")).toBe("alex@contoso.example");
    expect(lookupKey("  SMTP:Alex@Contoso.Example ")).toBe("alex@contoso.example");
  });

  it("skips only genuinely built-in principals as system accounts; a domain account that matches no one is unresolved", () => {
    // Well-known SIDs and built-in names (Microsoft, "Well-known SIDs"; Get-MailboxPermission defaults).
    for (const value of [
      "S-1-5-18",
      "S-1-5-19",
      "S-1-5-20",
      "S-1-5-32-544",
      "S-1-1-0",
      "S-1-5-21-3623811015-3361044348-30300820-512",
      "NT AUTHORITY\\SYSTEM",
      "NT AUTHORITY\\NETWORK SERVICE",
      "NT-AUTORITÄT\\SYSTEM",
      "BUILTIN\\Administrators",
      "NAMPR01A001\\Domain Admins",
      "CONTOSO\\Exchange Trusted Subsystem",
      "CONTOSO\\Organization Management",
    ]) {
      expect([
        value,
        diagnoseUnresolved(value, "", { hasSids: true, hasSamAccountNames: true }),
      ]).toEqual([value, "systemAccount"]);
    }
    expect(
      diagnoseUnresolved("CONTOSO\\svc-backup", "S-1-5-18", {
        hasSids: false,
        hasSamAccountNames: true,
      })
    ).toBe("systemAccount");
    // Domain accounts and SIDs of people: the exports do not prove them gone.
    for (const [value, sid] of [
      ["S-1-5-21-3623811015-3361044348-30300820-1013", ""],
      ["S-1-12-1-1234567890-1234567890-1234567890-1234567890", ""],
      ["NAMPR01A001\\$ABC123-XYZ", "S-1-5-21-1-2-3-4444"],
      ["CONTOSO\\jweiss", ""],
      ["CONTOSO\\jweiss", "S-1-5-21-1180699209-877415012-3182924384-1107"],
      ["Someone Else", ""],
    ]) {
      expect([
        value,
        diagnoseUnresolved(value, sid, { hasSids: false, hasSamAccountNames: true }),
      ]).toEqual([value, "unresolvedTrustee"]);
    }
    // Exchange prints a raw domain SID only for an account it can no longer resolve; when the
    // exports carry recipients' SIDs and none is this one, it is proven gone (orphanedSid).
    expect(
      diagnoseUnresolved("S-1-5-21-3623811015-3361044348-30300820-1013", "", {
        hasSids: true,
        hasSamAccountNames: true,
      })
    ).toBe("orphanedSid");
    // A name Exchange could still print, or an Entra SID, is never proof of deletion.
    for (const value of ["CONTOSO\\jweiss", "S-1-12-1-1234567890-1234567890-1234567890-1234567890"])
      expect([
        value,
        diagnoseUnresolved(value, "", { hasSids: true, hasSamAccountNames: true }),
      ]).toEqual([value, "unresolvedTrustee"]);
  });

  it("maps every RecipientTypeDetails one can send from to a kind", () => {
    expect(
      Object.fromEntries(
        [
          "UserMailbox",
          "SharedMailbox",
          "RoomMailbox",
          "EquipmentMailbox",
          "MailUniversalDistributionGroup",
          "DynamicDistributionGroup",
          "MailUniversalSecurityGroup",
          "GroupMailbox",
          "DiscoveryMailbox",
          "RoomList",
        ].map((t) => [t, kindOf(t)])
      )
    ).toEqual({
      UserMailbox: "user",
      SharedMailbox: "shared",
      RoomMailbox: "room",
      EquipmentMailbox: "equipment",
      MailUniversalDistributionGroup: "distributionList",
      DynamicDistributionGroup: "distributionList",
      MailUniversalSecurityGroup: "securityGroup",
      GroupMailbox: "microsoft365Group",
      DiscoveryMailbox: null,
      // A room list is a distribution group that can be granted Send As / Send on Behalf
      // (rev11c finding 7): published as one.
      RoomList: "distributionList",
    });
  });

  it("lists rights in the order Send As, Send on Behalf, Full Access", () => {
    expect(rightsFromBits(FULL_ACCESS | SEND_AS | SEND_ON_BEHALF)).toEqual([
      "SendAs",
      "SendOnBehalf",
      "FullAccess",
    ]);
    expect(rightsFromBits(FULL_ACCESS | SEND_ON_BEHALF)).toEqual(["SendOnBehalf", "FullAccess"]);
  });
});

describe("rules that need no lookup", () => {
  const row = {
    inherited: false,
    deny: false,
    sid: "S-1-5-21-1-2-3-1004",
    trustee: "alex@contoso.example",
  };

  it("drops inherited rows first, including the default inherited Deny entries", () => {
    expect(
      judgePermission({ ...row, inherited: true, deny: true, rights: FULL_ACCESS }, "mailbox")
    ).toEqual({
      drop: "inherited",
    });
  });

  it("drops SELF rows", () => {
    expect(
      judgePermission(
        { ...row, sid: "S-1-5-10", trustee: "NT-AUTORITÄT\\SELBST", rights: FULL_ACCESS },
        "mailbox"
      )
    ).toEqual({ drop: "self" });
  });

  it("keeps only Full Access from mailbox permissions and only Send As from recipient permissions", () => {
    expect(judgePermission({ ...row, rights: 0 }, "mailbox")).toEqual({ drop: "otherRights" });
    expect(judgePermission({ ...row, rights: SEND_AS }, "mailbox")).toEqual({
      drop: "otherRights",
    });
    expect(judgePermission({ ...row, rights: FULL_ACCESS }, "mailbox")).toEqual({
      bits: FULL_ACCESS,
      deny: false,
    });
    expect(judgePermission({ ...row, rights: SEND_AS | FULL_ACCESS }, "recipient")).toEqual({
      bits: SEND_AS,
      deny: false,
    });
  });

  it("turns an explicit Deny into a right taken away", () => {
    expect(judgePermission({ ...row, deny: true, rights: SEND_AS }, "recipient")).toEqual({
      bits: SEND_AS,
      deny: true,
    });
  });
});
