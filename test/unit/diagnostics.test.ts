import fc from "fast-check";
import { describeFailure, DiagnosticsLog, MAX_MESSAGE, scrub } from "../../src/core/diagnostics";
import { diagnosticsText } from "../../src/core/diagnostics-text";

// A real-shaped access token (header.payload.signature, base64url); what MSAL hands the pipeline.
const JWT =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ1cG4iOiJhbGV4QG5vcnRod2luZC5leGFtcGxlIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1ieS1lbnRyYQ";
const REQUEST_ID = "3f0c8d2e-9a41-4b6e-8a51-0d6f4c2b7e19";

describe("scrub: what never reaches a diagnostics record", () => {
  it("drops JWTs wherever they appear, and Authorization values", () => {
    const out = scrub(`token rejected: ${JWT} (Authorization: Bearer abc.def-ghi_jkl)`);
    expect(out).not.toContain("eyJ");
    expect(out).not.toContain("abc.def");
    expect(out).toContain("[token]");
    expect(out).toContain("Bearer [token]");
  });

  it("drops credentials given as name=value or JSON pairs", () => {
    const out = scrub(
      'refresh failed access_token=AbC123xyz&expires=3600 {"id_token": "zz9", "refresh_token":"rt-1"} password: hunter2'
    );
    for (const secret of ["AbC123xyz", "zz9", "rt-1", "hunter2"]) expect(out).not.toContain(secret);
  });

  it("keeps a URL's host and path but not its query, fragment or user info", () => {
    const upload =
      "https://outlook.office.com/api/v2.0/Users('00000000-0000-0000-0000-000000000001@contoso')/Messages('AAMk')/AttachmentSessions('AAMkAGI')?authtoken=eyJabc.def.ghi&x=1";
    const out = scrub(
      `PUT ${upload} failed; directory https://user:pw@cdn.example/send-from/index.json#frag`
    );
    expect(out).toContain("https://outlook.office.com/api/v2.0/");
    expect(out).not.toContain("authtoken");
    expect(out).not.toContain("x=1");
    expect(out).toContain("https://cdn.example/send-from/index.json");
    expect(out).not.toContain("pw@");
    expect(out).not.toContain("frag");
  });

  it("keeps an address's domain, never the person", () => {
    const out = scrub(
      "Mailbox alex.wilber@northwind.example not found at /users/press%40northwind.example/messages"
    );
    expect(out).not.toMatch(/alex|wilber|press/);
    expect(out).toContain("[address]@northwind.example");
  });

  it("drops quoted text, where parsers echo the message they choked on", () => {
    // What V8 says when JSON.parse meets a subject line, and what a server may echo.
    const subject = "Quarterly results for the board";
    let parseError = "";
    try {
      JSON.parse(subject);
    } catch (e) {
      parseError = (e as Error).message;
    }
    expect(scrub(parseError)).not.toContain("Quarterly");
    expect(scrub(`Invalid recipient 'Board Members <board@x.example>'`)).not.toContain("Board");
    expect(scrub("Betreff „Geheim“ ungültig, sujet « Secret » refusé")).not.toMatch(
      /Geheim|Secret/
    );
    // Apostrophes in ordinary words are not quotes.
    expect(scrub("The mailbox can't be reached and isn't responding")).toBe(
      "The mailbox can't be reached and isn't responding"
    );
  });

  it("drops long opaque runs (message ids, base64) but keeps GUIDs support asks for", () => {
    const id = "AAMkAGI2THVSAAA=AAMkAGI2THVSAAA=AAMkAGI2THVSAAA=";
    const out = scrub(`item ${id} request-id ${REQUEST_ID}`);
    expect(out).not.toContain("AAMkAGI2");
    expect(out).toContain(REQUEST_ID);
  });

  it("bounds the message to one short line", () => {
    const out = scrub(`line one\nline two ${"word ".repeat(200)}`);
    expect(out.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(out).not.toContain("\n");
  });

  it("never lets a token through, whatever surrounds it", () => {
    const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        b64url,
        b64url,
        fc.string({ maxLength: 60 }),
        (before, payload, signature, after) => {
          const token = `eyJhbGciOiJSUzI1NiJ9.${payload}.${signature}`;
          const out = scrub(`${before} ${token} ${after}`);
          return !out.includes(token) && !out.includes(`${payload}.${signature}`);
        }
      ),
      { numRuns: 300 }
    );
  }, 30_000);
});

describe("describeFailure", () => {
  it("keeps what support needs from a Graph failure", () => {
    const error = Object.assign(new Error(`Access denied for ${JWT}`), {
      name: "GraphError",
      status: 403,
      code: "ErrorSendAsDenied",
      requestId: REQUEST_ID,
    });
    expect(describeFailure(error)).toEqual({
      name: "GraphError",
      code: "ErrorSendAsDenied",
      status: 403,
      requestId: REQUEST_ID,
      message: "Access denied for [token]",
    });
  });

  it("keeps Office's numeric code and a sign-in failure's kind", () => {
    expect(describeFailure(Object.assign(new Error("x"), { code: 9021 })).code).toBe("9021");
    expect(
      describeFailure({ name: "AuthError", kind: "popupBlocked", code: "popup_window_error" }).code
    ).toBe("popupBlocked/popup_window_error");
  });

  it("accepts whatever a catch sees", () => {
    expect(describeFailure(undefined)).toEqual({ name: "Error", message: "" });
    expect(describeFailure("quota exceeded")).toEqual({ name: "Error", message: "quota exceeded" });
    expect(describeFailure({ name: "<script>", requestId: "not-a-guid" })).toEqual({
      name: "Error",
      message: "",
    });
  });
});

describe("DiagnosticsLog", () => {
  const at = new Date("2026-11-30T13:00:00Z");

  it("keeps only the last N events, oldest first", () => {
    const log = new DiagnosticsLog(3, () => at);
    for (let i = 1; i <= 5; i++) log.record("directory", `e${i}`, new Error(`failure ${i}`));
    expect(log.entries().map((e) => e.event)).toEqual(["e3", "e4", "e5"]);
    log.clear();
    expect(log.entries()).toEqual([]);
  });

  it("stays bounded whatever is recorded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(100), (capacity, count) => {
        const log = new DiagnosticsLog(capacity, () => at);
        for (let i = 0; i < count; i++) log.record("send", `e${i}`);
        const kept = log.entries().map((e) => e.event);
        const expected = Array.from({ length: count }, (_, i) => `e${i}`).slice(-capacity);
        return JSON.stringify(kept) === JSON.stringify(expected);
      }),
      { numRuns: 200 }
    );
  }, 30_000);

  it("records a scrubbed event with its time, and tells each sink", () => {
    const log = new DiagnosticsLog(10, () => at);
    const seen: string[] = [];
    const stop = log.subscribe((e) => seen.push(`${e.area}.${e.event}`));
    log.record("auth", "silentFailed", new Error(`interaction_required ${JWT}`));
    stop();
    log.record("auth", "after");
    expect(seen).toEqual(["auth.silentFailed"]);
    expect(log.entries()[0]).toEqual({
      time: "2026-11-30T13:00:00.000Z",
      area: "auth",
      event: "silentFailed",
      name: "Error",
      message: "interaction_required [token]",
    });
  });

  it("never throws at a catch site, even when a sink or the error misbehaves", () => {
    const log = new DiagnosticsLog(10, () => at);
    log.subscribe(() => {
      throw new Error("console gone");
    });
    const hostile = {
      get name(): string {
        throw new Error("getter");
      },
    };
    expect(() => log.record("office", "x", hostile)).not.toThrow();
    expect(log.entries()[0].name).toBe("Error");
    expect(() => log.record("office", "not a code!", null)).not.toThrow();
    expect(log.entries()[1].event).toBe("unnamed");
  });
});

describe("diagnosticsText", () => {
  it("gives support a heading, the runtime facts and one line per event", () => {
    const log = new DiagnosticsLog(10, () => new Date("2026-11-30T13:00:00Z"));
    log.record(
      "send",
      "sendRefused",
      Object.assign(new Error("denied"), {
        name: "GraphError",
        status: 403,
        code: "ErrorSendAsDenied",
        requestId: REQUEST_ID,
      })
    );
    const text = diagnosticsText(
      log.entries(),
      { host: "Outlook PC 16.0.17726" },
      new Date("2026-11-30T13:05:00Z")
    );
    expect(text.split("\n")).toEqual([
      "Send From diagnostics, 2026-11-30T13:05:00.000Z",
      "host: Outlook PC 16.0.17726",
      "1 recorded failures, oldest first:",
      `2026-11-30T13:00:00.000Z send.sendRefused GraphError [ErrorSendAsDenied] HTTP 403 request-id ${REQUEST_ID}: denied`,
    ]);
    expect(diagnosticsText([], {}, new Date(0))).toContain("No failures recorded");
  });
});
