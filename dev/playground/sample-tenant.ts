// Northwind Traders (northwind.example), the fictional tenant of the playground and the browser
// tests. Its Exchange exports are samples/northwind/exports; the directory is built from them.
import type { SimAddress, Scenario } from "./simulator";
import people from "../../samples/northwind/people.json";

export const TENANT = "northwind.example";

/** People the playground can sign in as (the Graph emulator knows them from the same file). */
export const PEOPLE: SimAddress[] = people;
export const [ALEX, MEGAN, LEE] = PEOPLE;

/** The global address list: what anyone can type into Outlook's From field. */
export const ADDRESS_LIST: SimAddress[] = [
  ALEX,
  { address: "alex@northwind.example", displayName: "Alex Wilber (alias)" },
  MEGAN,
  LEE,
  { address: "diego.siciliani@northwind.example", displayName: "Diego Siciliani" },
  { address: "support@northwind.example", displayName: "Customer Support" },
  { address: "sales.eu@northwind.example", displayName: "Sales Europe" },
  { address: "hr@northwind.example", displayName: "Human Resources" },
  { address: "billing@northwind.example", displayName: "Billing" },
  { address: "noreply@northwind.example", displayName: "No Reply" },
  { address: "legal@northwind.example", displayName: "Legal" },
  { address: "press@northwind.example", displayName: "Press Office" },
  { address: "boardroom@northwind.example", displayName: "Boardroom" },
  { address: "all-staff@northwind.example", displayName: "All Staff" },
  { address: "falcon@northwind.example", displayName: "Project Falcon" },
  { address: "finance@northwind.example", displayName: "Finance" },
];

export function defaultScenario(user: SimAddress = ALEX): Scenario {
  return {
    user,
    to: ["megan.bowen@northwind.example"],
    subject: "Quarterly figures",
    body: "<p>Hello Megan,</p><p>the figures are attached.</p>",
    requirementSets: { Mailbox: "1.15", NestedAppAuth: "1.1" },
  };
}
