import { readFileSync } from "fs";
import { join } from "path";

// scripts/manifest-build.cjs is the build's own code (webpack.config.js calls it).

const build = require("../../../scripts/manifest-build.cjs") as {
  contentHash(xml: string): string;
  releaseProblem(xml: string, release?: { version: string; sha256: string } | null): string | null;
  manifestForBuild(xml: string, settings: Record<string, unknown>, devOrigin: string): string;
  uuidV5(name: string): string;
};

const XML = readFileSync(join(__dirname, "../../../manifest.xml"), "utf8");
const released = { version: "1.0.0.0", sha256: build.contentHash(XML) };

describe("the release Version guard", () => {
  it("passes the released manifest as it is", () => {
    expect(build.releaseProblem(XML, released)).toBeNull();
  });

  it("refuses a changed manifest whose Version did not go up, and says what to do", () => {
    const changed = XML.replace("Send from…", "Send from...");
    const problem = build.releaseProblem(changed, released);
    expect(problem).toMatch(
      /changed since release 1\.0\.0\.0, but its <Version> is still 1\.0\.0\.0/
    );
    expect(problem).toMatch(/for example 1\.0\.1\.0/);
    expect(
      build.releaseProblem(
        changed.replace("<Version>1.0.0.0</Version>", "<Version>0.9.0.0</Version>"),
        released
      )
    ).not.toBeNull();
  });

  it("accepts a changed manifest with a higher Version", () => {
    const changed = XML.replace("Send from…", "Send from...").replace(
      "<Version>1.0.0.0</Version>",
      "<Version>1.0.1.0</Version>"
    );
    expect(build.releaseProblem(changed, released)).toBeNull();
  });

  it("the repository's manifest matches its recorded release or has a higher Version", () => {
    expect(build.releaseProblem(XML)).toBeNull();
  });
});

describe("the manifest for an environment", () => {
  const settings = {
    addinOrigin: "https://sendfrom.example.org",
    sendMode: "PromptUser",
    manifestId: build.uuidV5("https://sendfrom.example.org"),
    displayName: "Send From",
  };
  const built = build.manifestForBuild(XML, settings, "https://localhost:3000");

  it("points at the origin, with its own Id and name, and the admin's send mode", () => {
    expect(built).not.toContain("localhost");
    expect(built).toContain(`<Id>${settings.manifestId}</Id>`);
    expect(built).toContain('<DisplayName DefaultValue="Send From"/>');
    expect(built).toContain('SendMode="PromptUser"');
  });

  it("derives a stable Id per origin", () => {
    expect(build.uuidV5("https://a.example")).toBe(build.uuidV5("https://a.example"));
    expect(build.uuidV5("https://a.example")).not.toBe(build.uuidV5("https://b.example"));
    expect(build.uuidV5("https://a.example")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    );
  });
});
