// Injected faults: matched by "METHOD pattern" against each request, consumed as they fire.
import type { Fault } from "./types";
import type { TestTokenClaims } from "./tokens";

export const DEFAULT_CLAIMS = { access_token: { acrs: { essential: true, value: "c1" } } };

interface Armed {
  fault: Fault;
  remaining: number;
  method: string;
  pattern: RegExp | "upload";
}

function compile(fault: Fault): Armed {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(fault.match ?? "");
  if (!m)
    throw new Error(`Fault match must be "METHOD pattern", got ${JSON.stringify(fault.match)}`);
  const known = [
    "status",
    "latency",
    "drop",
    "applyThenDrop",
    "applyThenStatus",
    "dropThenApply",
    "claims",
  ];
  if (!known.includes(fault.kind)) throw new Error(`Unknown fault kind ${String(fault.kind)}`);
  if (fault.kind === "status" && !(fault.status >= 100 && fault.status <= 599)) {
    throw new Error("A status fault needs a status between 100 and 599");
  }
  if (
    fault.kind === "applyThenStatus" &&
    !((fault.status ?? 503) >= 500 && (fault.status ?? 503) <= 599)
  )
    throw new Error("An applyThenStatus fault needs a 5xx status");
  const times = fault.times ?? 1;
  const remaining = times === "always" ? Number.POSITIVE_INFINITY : Number(times);
  if (!(remaining > 0)) throw new Error(`Fault times must be a positive number or "always"`);
  const source = m[2];
  const pattern =
    source.toLowerCase() === "upload"
      ? "upload"
      : new RegExp(
          "^" + source.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$",
          "i"
        );
  return { fault, remaining, method: m[1].toUpperCase(), pattern };
}

export class FaultBook {
  private armed: Armed[] = [];

  set(faults: Fault[]) {
    this.armed = faults.map(compile);
  }

  add(fault: Fault) {
    this.armed.push(compile(fault));
  }

  list(): Fault[] {
    return this.armed.map((a) => ({
      ...a.fault,
      times: a.remaining === Number.POSITIVE_INFINITY ? "always" : a.remaining,
    }));
  }

  /** The first armed fault for this request; counted now unless it is a claims challenge,
   * which stays until a token satisfies it (see settleClaims). */
  take(method: string, path: string, isUpload: boolean): Fault | undefined {
    const hit = this.armed.find(
      (a) =>
        (a.method === "*" || a.method === method) &&
        (a.pattern === "upload" ? isUpload : a.pattern.test(path))
    );
    if (!hit) return undefined;
    if (hit.fault.kind !== "claims") this.spend(hit);
    return hit.fault;
  }

  settleClaims(fault: Fault) {
    const hit = this.armed.find((a) => a.fault === fault);
    if (hit) this.armed = this.armed.filter((a) => a !== hit);
  }

  private spend(a: Armed) {
    a.remaining -= 1;
    if (a.remaining <= 0) this.armed = this.armed.filter((x) => x !== a);
  }
}

/** Does the token carry every value the claims request names under access_token? */
export function claimsSatisfied(
  request: Record<string, unknown>,
  token: TestTokenClaims | null
): boolean {
  if (!token) return false;
  const wanted = (request.access_token ?? {}) as Record<
    string,
    { value?: unknown; values?: unknown[] }
  >;
  return Object.entries(wanted).every(([name, spec]) => {
    const values = spec?.values ?? (spec?.value !== undefined ? [spec.value] : []);
    const have = token[name];
    return values.every((v) =>
      Array.isArray(have) ? have.map(String).includes(String(v)) : String(have) === String(v)
    );
  });
}

/** Standard base64 of the claims JSON, as Entra puts it in WWW-Authenticate. */
export function encodeClaims(request: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(request)).toString("base64");
}
