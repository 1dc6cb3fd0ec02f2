// A production build for an example origin, as an admin makes it: every URL on that origin,
// nothing left pointing at localhost, its own manifest Id and name, and the manifest checks pass.
import { execFileSync } from "child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { dirname, join, relative, resolve } from "path";
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

describe("what the admin installs holds no simulated Microsoft 365 (dev/) and no test code", () => {
  const outsideProduct = (source: string) => /(^|\/)(dev|test|bench)\//.test(source);

  it("dist/: every bundled module comes from src/ or a package, and no simulator page ships", () => {
    const all = files(OUT);
    expect(all.filter((f) => /playground|office-sim|auth-probe/.test(relative(OUT, f)))).toEqual(
      []
    );
    const maps = all.filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(2);
    const sources = maps.flatMap((m) => JSON.parse(readFileSync(m, "utf8")).sources as string[]);
    expect(sources.some((s) => s.includes("/src/taskpane/"))).toBe(true);
    expect(sources.filter((s) => !s.includes("node_modules") && outsideProduct(s))).toEqual([]);
    // launchevent.js has no source map (one ES2017 file): no simulator module name in it either.
    const events = readFileSync(join(OUT, "launchevent.js"), "utf8");
    expect(events).not.toMatch(/office-sim|graph-emulator|naa-bridge|playground/i);
  });

  it("lib/ (the admin CLI): every require stays inside lib/ or names a package", () => {
    const lib = join(ROOT, "lib");
    const escapes: string[] = [];
    for (const file of files(lib).filter((f) => f.endsWith(".js"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = resolve(dirname(file), m[1]);
        if (relative(lib, target).startsWith(".."))
          escapes.push(`${relative(lib, file)} -> ${m[1]}`);
      }
    }
    expect(escapes).toEqual([]);
    expect(files(lib).filter((f) => outsideProduct(relative(lib, f)))).toEqual([]);
  });
});
