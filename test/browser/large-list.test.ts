// A user with 50,000 mailboxes, in the real pane (issue 14): the shard loads, the list is
// searchable and keyboard-navigable, the cache copy serves the next open, and a bad shard of
// that size gives the same error as a small one. How fast is bench/list.cjs's job (it prints
// numbers); nothing here is timed.
import type { Browser, Page } from "playwright-core";
import type { SmtpAddress } from "../../src/core/address";
import type { Mailbox } from "../../src/core/model";
import { writeDirectory } from "../fixtures/directory";
import { shard } from "../fixtures/shards";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import { DIST, launch, openPage, requireBuilds, serve, StaticServer } from "./harness";

jest.setTimeout(180_000);

const N = 50_000;
const KINDS = ["user", "shared", "room", "distributionList", "microsoft365Group"] as const;
const WORDS = ["Sales", "Finance", "Legal", "Billing", "Press", "Team", "Europe", "Asia"];

function mailboxes(): Mailbox[] {
  const list = Array.from({ length: N }, (_, i): Mailbox => ({
    address: `box-${i}@northwind.example` as SmtpAddress,
    displayName: `${WORDS[i % 8]} ${WORDS[(i * 3) % 8]} ${i}`,
    kind: KINDS[i % KINDS.length],
    rights: i % 3 ? ["SendAs"] : ["SendAs", "FullAccess"],
    sentItemsCopy: { sendAs: false, sendOnBehalf: false },
  }));
  // One mailbox deep in the file, to find by search.
  list[41_234] = {
    ...list[41_234],
    address: "customer.support@northwind.example" as SmtpAddress,
    displayName: "Customer Support",
    kind: "shared",
  };
  return list;
}

const USER = defaultScenario().user.address;
const BIG = shard(mailboxes(), { user: USER });

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  requireBuilds();
  server = await serve({ "/": DIST, "/directory/": writeDirectory([BIG]) });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => server.override("/directory/", null));

const count = (page: Page) => page.getByTestId("result-count").textContent();
/**
 * The row the combobox points at (aria-activedescendant), once it is drawn: rows come into the
 * page as the list scrolls to them, so this waits for the row at `at` (1-based) when given.
 */
async function active(page: Page, at?: number) {
  const handle = await page.waitForFunction((at) => {
    const id = document.querySelector('[role="combobox"]')?.getAttribute("aria-activedescendant");
    const row = id ? document.getElementById(id) : null;
    if (!row || (at !== undefined && row.getAttribute("aria-posinset") !== String(at))) return null;
    return { address: row.getAttribute("data-address"), at: row.getAttribute("aria-posinset") };
  }, at);
  return (await handle.jsonValue()) as { address: string; at: string };
}

async function openPane(context?: Awaited<ReturnType<typeof openPage>>["context"]) {
  const opened = await openPage(browser, `${server.url}/taskpane.html`, {
    sim: defaultScenario(),
    context,
  });
  await opened.page
    .locator('[role="option"], [data-testid="failed"]')
    .first()
    .waitFor({ timeout: 120_000 });
  return opened;
}

describe("50,000 mailboxes", () => {
  it("load, are searchable and keyboard-navigable, and the cache copy serves the next open", async () => {
    const { page, context, errors } = await openPane();
    expect(await count(page)).toBe("50,000 mailboxes");
    // Only the rows in view are in the page.
    expect(await page.locator('[role="option"]').count()).toBeLessThan(30);

    const search = page.getByRole("combobox", { name: "Search mailboxes" });
    await search.fill("customer support");
    await expect(count(page)).resolves.toBe("1 of 50,000 mailboxes");
    expect(await page.locator('[role="option"]').getAttribute("data-address")).toBe(
      "customer.support@northwind.example"
    );

    // Arrows move through a narrowed list; Enter chooses.
    await search.fill("legal 4999");
    await expect(count(page)).resolves.toMatch(/^\d+ of 50,000 mailboxes$/);
    await search.press("ArrowDown");
    await search.press("ArrowDown");
    const third = await active(page, 3);
    await search.press("Enter");
    const heading = page.getByTestId("mailbox-details").getByRole("heading", { level: 2 });
    const name = await page
      .locator(`[role="option"][data-address="${third.address}"] bdi`)
      .textContent();
    await expect(heading.textContent()).resolves.toBe(`Sending from ${name}`);

    // In the whole list, End goes to the 50,000th row, drawn and in view.
    await search.fill("");
    await expect(count(page)).resolves.toBe("50,000 mailboxes");
    const list = page.getByRole("listbox");
    await list.focus();
    await list.press("End");
    const last = await active(page, 50_000);
    await expect(
      page.locator(`[role="option"][data-address="${last.address}"]`).isVisible()
    ).resolves.toBe(true);
    await list.press("Home");
    await active(page, 1);
    expect(errors).toEqual([]);
    await page.close();

    // Reopened with the directory down: the cache copy of all 50,000 is the list.
    server.override("/directory/", (_req, res) => {
      res.writeHead(503).end();
      return true;
    });
    const again = await openPane(context);
    await again.page.getByTestId("stale").waitFor();
    expect(await count(again.page)).toBe("50,000 mailboxes");
    const reread = again.page.getByRole("combobox", { name: "Search mailboxes" });
    await reread.fill("customer support");
    await expect(count(again.page)).resolves.toBe("1 of 50,000 mailboxes");
    await reread.press("Enter");
    await expect(
      again.page.getByTestId("mailbox-details").getByRole("heading", { level: 2 }).textContent()
    ).resolves.toBe("Sending from Customer Support");
    // The browser logs the 503 itself; nothing else went wrong.
    expect(again.errors.filter((e) => !e.includes("status of 503"))).toEqual([]);
    await context.close();
  });

  /** What the pane says when the shard it gets is `text`. */
  async function failureFor(text: string) {
    server.override("/directory/", (req, res) => {
      if (!req.url?.includes("/users/")) return false;
      res.writeHead(200, { "content-type": "application/json" }).end(text);
      return true;
    });
    const { page, context } = await openPane();
    const failed = page.getByTestId("failed");
    const said = {
      kind: await failed.getAttribute("data-failure"),
      text: await failed.textContent(),
    };
    await context.close();
    return said;
  }

  it("a bad shard of 50,000 is refused with the same error as a small one", async () => {
    const small = shard(BIG.mailboxes.slice(0, 3), { user: USER });
    const badKind = (s: typeof BIG, at: number) =>
      JSON.stringify({
        ...s,
        mailboxes: s.mailboxes.map((m, i) => (i === at ? { ...m, kind: "team" } : m)),
      });

    const large = await failureFor(badKind(BIG, 2));
    expect(large.kind).toBe("malformed");
    expect(large).toEqual(await failureFor(badKind(small, 2)));

    const newer = await failureFor(JSON.stringify({ ...BIG, version: 2 }));
    expect(newer.text).toContain("format version 2");
    expect(newer).toEqual(await failureFor(JSON.stringify({ ...small, version: 2 })));

    // Deep in the file, the error names the very mailbox.
    const deep = await failureFor(badKind(BIG, 41_234));
    expect(deep.text).toContain("/mailboxes/41234/kind");
  });
});
