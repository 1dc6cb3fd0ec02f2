// Diagnostics: what failed, where and when, for support, with nothing a user would not want in a
// support ticket. A failure caught in the pane, the send pipeline or the event handlers that the
// user does not see is recorded here instead of vanishing; "Copy diagnostics" in the pane and the
// event runtime's console (which lands in Outlook's runtime log:
// learn.microsoft.com/office/dev/add-ins/testing/runtime-logging) read it back.
//
// What is kept, and what is not (docs/architecture.md "Diagnostics"):
// - kept: the time, the area and a fixed event code from our code, the error's name, its code
//   (Graph's error code, Office's numeric code, the sign-in failure kind), the HTTP status,
//   Graph's request-id (a GUID Microsoft support asks for), and a short, scrubbed message;
// - never kept: message content (subject, body, recipients are never passed in, and quoted text
//   in an error message, where parsers echo their input, is dropped), tokens (JWTs,
//   Authorization values, access_token=… and similar pairs, long base64 or hex runs), URL query
//   strings and fragments (upload session URLs carry their credential there), URL user info, and
//   the local part of e-mail addresses (the domain stays: it tells support which tenant or
//   directory answered, without naming a person).
//
// The log is the one piece of state in core: every layer must reach it without depending on the
// layers above (directory, graph and office import only core). It does no I/O of its own; the
// entry layers attach sinks (the event runtime's console) or read it (the pane's action).

/** Where a failure happened: the layer that caught it. */
export type DiagnosticArea = "pane" | "directory" | "send" | "auth" | "office" | "events";

/** One recorded failure. Every string in it has been scrubbed and bounded. */
export interface DiagnosticEvent {
  /** ISO 8601, UTC. */
  time: string;
  area: DiagnosticArea;
  /** A fixed code naming the catch site ("cacheWrite", "fetch"), never data. */
  event: string;
  /** The error's name ("TypeError", "GraphError", "OfficeCallError"), or "Error". */
  name: string;
  /** Graph's error code, Office's numeric code, or the sign-in failure kind, when there is one. */
  code?: string;
  /** HTTP status, when the failure is an HTTP answer. */
  status?: number;
  /** Graph's request-id (a GUID), for a Microsoft support case. */
  requestId?: string;
  /** The error's message, scrubbed, at most MAX_MESSAGE characters. */
  message: string;
}

/** Something that wants every event as it is recorded (the event runtime's console). */
export type DiagnosticSink = (event: DiagnosticEvent) => void;

/** How many events the log keeps: the last ones are what support needs. */
export const DIAGNOSTICS_CAPACITY = 50;
/** Longest message kept, in characters. */
export const MAX_MESSAGE = 200;
/** Longer input is cut before scrubbing, so a hostile message cannot make scrubbing slow. */
const MAX_INPUT = 2000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = /^[A-Za-z][\w.:/-]{0,59}$/;
/** Names whose value is a credential wherever it appears as name=value or "name": "value". */
const SECRET_NAMES =
  "access_token|id_token|refresh_token|client_secret|client_assertion|assertion|authtoken|token|sig|signature|password|secret|code_verifier";

/** A URL kept as scheme, host and path: no user info, no query, no fragment. */
function scrubUrl(url: string): string {
  const cut = url.search(/[?#]/);
  const base = cut < 0 ? url : url.slice(0, cut);
  const withoutUserInfo = base.replace(/^([a-z]+:\/\/)[^/@]*@/i, "$1");
  return cut < 0 ? withoutUserInfo : `${withoutUserInfo}?[query]`;
}

/**
 * Removes from free text what must not reach a diagnostics record (see the header of this file).
 * Over-removal is preferred to a leak: any run of 32 or more base64/hex characters goes, except a
 * GUID. Returns at most MAX_MESSAGE characters on one line.
 */
export function scrub(text: string): string {
  let s = text.slice(0, MAX_INPUT);
  // JWTs (JWS and JWE): base64url JSON header "eyJ…" and dot-separated parts.
  s = s.replace(/eyJ[\w-]{2,}(?:\.[\w-]*){1,4}/g, "[token]");
  // Authorization header values.
  s = s.replace(/\b(Bearer|Basic|PoP|Negotiate)\s+[^\s,;"']+/gi, "$1 [token]");
  // URLs: the query and fragment carry tokens (upload sessions, SAS, OAuth redirects).
  s = s.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"<>]+/gi, scrubUrl);
  // name=value and "name": "value" credentials outside URLs.
  s = s.replace(
    new RegExp(`\\b(${SECRET_NAMES})("?\\s*[=:]\\s*"?)[^\\s&,;"'}]+`, "gi"),
    "$1$2[redacted]"
  );
  // E-mail addresses (also percent-encoded in paths): the domain stays, the person goes.
  s = s.replace(/[\w.!#$%*+^`~-]+(?:@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g, "[address]@$1");
  // Quoted text: parsers and servers echo their input in quotes ("Unexpected token 'H',
  // "Hello…" is not valid JSON"); the input may be a subject, a body or a recipient.
  s = s.replace(/"[^"]*"?|“[^”]*”?|„[^“”]*[“”]?|«[^»]*»?|‘[^’]*’?/g, "[text]");
  s = s.replace(/(^|[\s(=:,[])'[^'\n]*'(?=$|[\s),.;:\]])/g, "$1[text]");
  // Long opaque runs: tokens without a recognisable shape, message ids, base64 content.
  s = s.replace(/[A-Za-z0-9+/_=-]{32,}/g, (run) => (GUID.test(run) ? run : "[data]"));
  s = s.replace(/\s+/g, " ").trim();
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string" || !value) return undefined;
  return IDENTIFIER.test(value) ? value : scrub(value).slice(0, 60) || undefined;
}

/**
 * The parts of a caught value a record keeps: name, code (`code`, and `kind` for sign-in
 * failures), HTTP `status`, `requestId` when it is a GUID, and the scrubbed `message`. Accepts
 * anything a `catch` can see (Error, DOMException, a plain object, a string, undefined).
 */
export function describeFailure(
  error: unknown
): Pick<DiagnosticEvent, "name" | "code" | "status" | "requestId" | "message"> {
  if (error === null || typeof error !== "object") {
    return { name: "Error", message: error === undefined ? "" : scrub(String(error)) };
  }
  const e = error as Record<string, unknown>;
  const read = (key: string): unknown => {
    try {
      return e[key];
    } catch {
      return undefined; // a getter that throws tells nothing more
    }
  };
  const rawName = read("name");
  const name = typeof rawName === "string" && IDENTIFIER.test(rawName) ? rawName : "Error";
  const codes = [codeOf(read("kind")), codeOf(read("code"))].filter((c): c is string => !!c);
  const status = read("status");
  const requestId = read("requestId");
  const message = read("message");
  return {
    name,
    ...(codes.length ? { code: codes.join("/") } : {}),
    ...(typeof status === "number" && Number.isInteger(status) && status > 0 ? { status } : {}),
    ...(typeof requestId === "string" && GUID.test(requestId) ? { requestId } : {}),
    message: typeof message === "string" ? scrub(message) : "",
  };
}

/**
 * A bounded ring buffer of diagnostic events: the last `capacity` are kept, older ones dropped.
 * `record` never throws, so a catch site can call it without a catch of its own.
 */
export class DiagnosticsLog {
  private readonly ring: (DiagnosticEvent | undefined)[];
  private next = 0;
  private count = 0;
  private readonly sinks = new Set<DiagnosticSink>();

  constructor(
    readonly capacity: number = DIAGNOSTICS_CAPACITY,
    private readonly now: () => Date = () => new Date()
  ) {
    this.ring = new Array(Math.max(1, Math.floor(capacity)));
  }

  /** Records a caught failure. `event` is a fixed code of ours (letters, digits, . _ -). */
  record(area: DiagnosticArea, event: string, error?: unknown): void {
    try {
      const entry: DiagnosticEvent = {
        time: this.now().toISOString(),
        area,
        event: /^[A-Za-z][\w.-]{0,47}$/.test(event) ? event : "unnamed",
        ...describeFailure(error),
      };
      this.ring[this.next] = entry;
      this.next = (this.next + 1) % this.ring.length;
      this.count = Math.min(this.count + 1, this.ring.length);
      for (const sink of this.sinks) {
        try {
          sink(entry);
        } catch {
          // A sink that fails (a console that throws) must not take the catch site with it.
        }
      }
    } catch {
      // Diagnostics never change behaviour: a record that cannot be made is dropped.
    }
  }

  /** The kept events, oldest first. */
  entries(): DiagnosticEvent[] {
    const start = (this.next - this.count + this.ring.length) % this.ring.length;
    const out: DiagnosticEvent[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.ring[(start + i) % this.ring.length]!);
    return out;
  }

  /** Calls `sink` for every later event; returns the function that stops it. */
  subscribe(sink: DiagnosticSink): () => void {
    this.sinks.add(sink);
    return () => void this.sinks.delete(sink);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

/** The runtime's log: one per JavaScript realm (the pane, the event runtime, the dialog). */
export const diagnostics = new DiagnosticsLog();

/** Records a caught failure in the runtime's log; see DiagnosticsLog.record. */
export function recordFailure(area: DiagnosticArea, event: string, error?: unknown): void {
  diagnostics.record(area, event, error);
}
