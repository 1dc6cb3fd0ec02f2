// A production build for an example origin, as an admin makes it: every URL on that origin,
// nothing left pointing at localhost, its own manifest Id and name, and the manifest checks pass.
import { execFileSync } from "child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { ROOT } from "./harness";

jest.setTimeout(180_000);

const OUT = join(ROOT, ".build", "production-example");
const ORIGIN = "https://sendfrom.example.org";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/webpack/bin/webpack.js"), "--mode", "production"],
    {
      cwd: ROOT,
      env: { ...process.env, SEND_FROM_ADDIN_URL: ORIGIN, SEND_FROM_OUT: OUT },
      stdio: "pipe",
    }
  );
});

describe("SEND_FROM_ADDIN_URL=https://sendfrom.example.org npm run build", () => {
  it("points every URL at that origin and leaves no localhost anywhere", () => {
    const manifest = readFileSync(join(OUT, "manifest.xml"), "utf8");
    const urls = manifest
      .match(/https?:\/\/[^"<\s]+/g)!
      .filter(
        (u) => !u.startsWith("http://schemas.microsoft.com") && !u.startsWith("http://www.w3.org")
      );
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.every((u) => u.startsWith(`${ORIGIN}/`) || u === ORIGIN)).toBe(true);
    const withLocalhost = files(OUT).filter((f) =>
      readFileSync(f).toString("latin1").includes("localhost")
    );
    expect(withLocalhost).toEqual([]);
    expect(
      JSON.parse(readFileSync(join(OUT, ".well-known/microsoft-officeaddins-allowed.json"), "utf8"))
    ).toEqual({ allowed: [`${ORIGIN}/launchevent.js`] });
    for (const page of [
      "taskpane.html",
      "commands.html",
      "support.html",
      "launchevent.js",
      "assets/icon-64.png",
    ])
      expect(existsSync(join(OUT, page))).toBe(true);
  });

  it("has its own manifest Id and name, so it never collides with the dev manifest", () => {
    const dev = readFileSync(join(ROOT, "manifest.xml"), "utf8");
    const prod = readFileSync(join(OUT, "manifest.xml"), "utf8");
    const id = (xml: string) => /<Id>([^<]+)<\/Id>/.exec(xml)![1];
    const name = (xml: string) => /<DisplayName DefaultValue="([^"]+)"/.exec(xml)![1];
    expect(id(prod)).not.toBe(id(dev));
    expect(name(dev)).toBe("Send From (dev)");
    expect(name(prod)).toBe("Send From");
  });

  it("passes npm run validate offline", () => {
    const output = execFileSync(
      process.execPath,
      [join(ROOT, "bin/validate-manifest.js"), "--offline", join(OUT, "manifest.xml")],
      { cwd: ROOT, encoding: "utf8" }
    );
    expect(output).toContain("offline checks passed");
  });
});
