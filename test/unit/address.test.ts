import { SmtpAddress, toSmtpAddress } from "../../src/core/address";
import { classifyFrom } from "../../src/core/rights";
import { shardFileName } from "../../src/core/shard-name";

describe("one normal form for SMTP addresses", () => {
  it("trims and lower-cases, whatever the source handed over", () => {
    expect(toSmtpAddress("Alex.Wilber@Northwind.Example")).toBe("alex.wilber@northwind.example");
    // CSV cells and Outlook's profile can carry spaces, tabs or a line break around the address.
    expect(toSmtpAddress("  alex.wilber@northwind.example\t\r\n")).toBe(
      "alex.wilber@northwind.example"
    );
    expect(toSmtpAddress(" ZOË@Northwind.Example ")).toBe("zoë@northwind.example");
  });

  it("is idempotent, so normalising twice at two boundaries changes nothing", () => {
    for (const raw of ["A@B.example", " a@b.example ", "a@b.example"]) {
      expect(toSmtpAddress(toSmtpAddress(raw))).toBe(toSmtpAddress(raw));
    }
  });

  it("makes the same address from every source the same shard and the same From", () => {
    const fromOutlook = toSmtpAddress("Alex.Wilber@northwind.example");
    const fromCsv = toSmtpAddress(" alex.wilber@NORTHWIND.example ");
    expect(shardFileName(fromOutlook)).toBe(shardFileName(fromCsv));
    expect(classifyFrom(fromOutlook, fromCsv, null)).toEqual({ status: "own" });
  });

  it("is required by the type checker: a plain string is refused where an SmtpAddress is needed", () => {
    const plain = "Alex.Wilber@northwind.example";
    // @ts-expect-error a plain string has not been normalised
    const refused: SmtpAddress = plain;
    // @ts-expect-error nor may a plain string name a shard
    shardFileName(plain);
    const accepted: SmtpAddress = toSmtpAddress(plain);
    expect(accepted).not.toBe(refused);
  });
});
