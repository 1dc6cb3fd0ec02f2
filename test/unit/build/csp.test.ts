// The pages' Content-Security-Policy lets the pane reach what sending needs, per cloud, and
// nothing broader (issue 12, case 6: upload URLs live on an Outlook host, not on Graph's).
const { contentSecurityPolicy, readSettings } = require("../../../scripts/settings.cjs");

const connectSrc = (env: Record<string, string>, mode = "production") =>
  String(contentSecurityPolicy(readSettings(env, mode)))
    .split("; ")
    .find((d: string) => d.startsWith("connect-src "))!
    .split(" ")
    .slice(1);

describe("connect-src", () => {
  it("worldwide: Graph and the Outlook hosts Exchange hands upload sessions out on", () => {
    const sources = connectSrc({ SEND_FROM_ADDIN_URL: "https://sendfrom.example.org" });
    // Exactly these: any origin more is a finding (toEqual, not arrayContaining).
    expect(sources).toEqual([
      "'self'",
      "https://graph.microsoft.com",
      "https://outlook.office.com",
      "https://outlook.office365.com",
      "https://login.microsoftonline.com",
    ]);
  });

  it.each([
    ["https://graph.microsoft.us/v1.0", "https://outlook.office365.us"],
    ["https://dod-graph.microsoft.us/v1.0", "https://outlook-dod.office365.us"],
    ["https://microsoftgraph.chinacloudapi.cn/v1.0", "https://partner.outlook.cn"],
  ])("national cloud %s: its own upload host, not the worldwide ones", (graph, upload) => {
    const sources = connectSrc({ SEND_FROM_GRAPH_URL: graph });
    expect(sources).toContain(upload);
    expect(sources).toContain(new URL(graph).origin);
    expect(sources).not.toContain("https://outlook.office.com");
  });

  it.each([
    ["https://graph.microsoft.us/v1.0", "https://login.microsoftonline.us"],
    ["https://dod-graph.microsoft.us/v1.0", "https://login.microsoftonline.us"],
    ["https://microsoftgraph.chinacloudapi.cn/v1.0", "https://login.chinacloudapi.cn"],
  ])(
    "national cloud %s signs in at its own service by default (%s), not the worldwide one",
    (graph, login) => {
      const settings = readSettings({ SEND_FROM_GRAPH_URL: graph }, "production");
      expect(settings.authority).toBe(`${login}/common`);
      const policy = String(contentSecurityPolicy(settings));
      expect(connectSrc({ SEND_FROM_GRAPH_URL: graph })).toContain(login);
      expect(policy).toContain(`frame-src 'self' ${login}`);
      expect(policy).not.toContain("login.microsoftonline.com");
    }
  );

  it("a sign-in service of another cloud than Graph's is refused at build, naming the right one", () => {
    expect(() =>
      readSettings(
        {
          SEND_FROM_GRAPH_URL: "https://graph.microsoft.us/v1.0",
          SEND_FROM_AUTHORITY: "https://login.microsoftonline.com/contoso.onmicrosoft.us",
        },
        "production"
      )
    ).toThrow(/different Microsoft clouds.*https:\/\/login\.microsoftonline\.us\/<tenant id>/);
    // The worldwide tenant's own authority stays as given.
    expect(
      readSettings(
        {
          SEND_FROM_AUTHORITY:
            "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555",
        },
        "production"
      ).authority
    ).toBe("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555");
  });

  it("a Graph host of no known cloud is refused at build, naming the setting and the known hosts", () => {
    expect(() =>
      readSettings(
        { SEND_FROM_GRAPH_URL: "https://graph.contoso-proxy.example/v1.0" },
        "production"
      )
    ).toThrow(
      /SEND_FROM_GRAPH_URL .*graph\.microsoft\.com, graph\.microsoft\.us, dod-graph\.microsoft\.us, microsoftgraph\.chinacloudapi\.cn; got "graph\.contoso-proxy\.example"/
    );
  });

  it("never a wildcard or a scheme-only source", () => {
    for (const graph of ["https://graph.microsoft.com/v1.0", "https://graph.microsoft.us/v1.0"]) {
      for (const s of connectSrc({ SEND_FROM_GRAPH_URL: graph }))
        expect(s).toMatch(/^('self'|https:\/\/[a-z0-9.-]+)$/);
    }
  });

  it("the playground build, whose emulator plays the worldwide cloud, allows the same upload hosts", () => {
    expect(connectSrc({}, "development")).toEqual(
      expect.arrayContaining(["'self'", "https://outlook.office.com"])
    );
  });
});
