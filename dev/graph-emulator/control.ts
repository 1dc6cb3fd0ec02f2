// The control API under <basePath>/_emulator/: the same operations as the code API, as JSON over
// HTTP, for the playground page and Playwright tests. No authentication: it is a test double.
import type { GraphResult } from "./errors";
import { InputError } from "./store";
import { issueTestToken, type IssueTokenInput } from "./tokens";
import type { DraftAttachmentInput, EmulatorTenant, Fault, GraphEmulator } from "./types";

export const CONTROL_ROUTES = [
  "POST   _emulator/reset                      {tenant?}          -> 204",
  "GET    _emulator/tenant                                        -> tenant",
  "POST   _emulator/drafts                     {owner, message, attachments?, syncDelayMs?, sensitivityLabel?, internetHeaders?} -> 201 {id, ewsId}",
  'PATCH  _emulator/drafts/{id}                {sensitivityLabel?, internetHeaders?, message?} -> 204 (Outlook saved it again with this label, "" none, these x- headers, and, for a draft cached mode has not uploaded yet, this content)',
  "PATCH  _emulator/drafts/{id}                {message, syncDelayMs, attachments?, sensitivityLabel?, internetHeaders?} -> 204 (classic Outlook in cached mode saved it: a draft on the server keeps its older copy for syncDelayMs)",
  "GET    _emulator/deliveries                                    -> Delivery[]",
  "GET    _emulator/mailboxes/{address}/sentitems                 -> StoredMessage[]",
  "GET    _emulator/mailboxes/{address}/drafts                    -> StoredMessage[]",
  "GET    _emulator/mailboxes/{address}/inbox                     -> StoredMessage[]",
  "POST   _emulator/mailboxes/{address}/inbox  {message, attachments?} -> 201 StoredMessage (arrived from outside)",
  "GET    _emulator/faults                                        -> Fault[] (remaining)",
  "PUT    _emulator/faults                     Fault[]            -> 204 (replaces)",
  "POST   _emulator/faults                     Fault              -> 204 (adds)",
  "DELETE _emulator/faults                                        -> 204",
  'POST   _emulator/held/release                                  -> 204 (dropThenApply ms "held" carried out now)',
  "GET    _emulator/requests                                      -> RequestLogEntry[]",
  "DELETE _emulator/requests                                      -> 204",
  "POST   _emulator/tokens                     {preferred_username, scopes?, ...claims} -> {token}",
];

const ok = (body?: unknown, status = 200): GraphResult =>
  body === undefined ? { status: 204 } : { status, body };
const fail = (status: number, message: string): GraphResult => ({
  status,
  body: { error: { message } },
});

export function handleControl(
  api: GraphEmulator,
  method: string,
  route: string[],
  body: unknown
): GraphResult {
  const [first, second, third] = route;
  try {
    if (route.length === 0 && method === "GET") return ok({ routes: CONTROL_ROUTES });
    if (first === "reset" && method === "POST") {
      api.reset((body as { tenant?: EmulatorTenant } | undefined)?.tenant);
      return ok();
    }
    if (first === "tenant" && method === "GET") return ok(api.tenant());
    if (first === "drafts" && method === "POST") {
      const b = body as {
        owner?: string;
        message?: Record<string, unknown>;
        attachments?: DraftAttachmentInput[];
        syncDelayMs?: number;
        sensitivityLabel?: string;
        internetHeaders?: { name: string; value: string }[];
      };
      if (!b?.owner || !b.message) return fail(400, "Expected {owner, message, attachments?}");
      return ok(
        api.createDraft(b.owner, b.message, b.attachments ?? [], {
          syncDelayMs: b.syncDelayMs,
          sensitivityLabel: b.sensitivityLabel,
          internetHeaders: b.internetHeaders,
        }),
        201
      );
    }
    if (first === "drafts" && second && route.length === 2 && method === "PATCH") {
      const b = body as
        | {
            sensitivityLabel?: unknown;
            internetHeaders?: unknown;
            message?: unknown;
            attachments?: unknown;
            syncDelayMs?: unknown;
          }
        | undefined;
      const label = b?.sensitivityLabel;
      const expected = "Expected {sensitivityLabel?, internetHeaders?, message?}";
      if (label !== undefined && typeof label !== "string") return fail(400, expected);
      if (label === undefined && b?.internetHeaders === undefined && b?.message === undefined)
        return fail(400, expected);
      if (b?.syncDelayMs !== undefined) {
        // Classic Outlook in cached mode saved it (GraphEmulator.saveLocalDraft): everything it
        // saved goes up together, later where the draft is on the server already.
        if (typeof b.syncDelayMs !== "number" || typeof b.message !== "object" || !b.message)
          return fail(
            400,
            "Expected {message, syncDelayMs, attachments?, sensitivityLabel?, internetHeaders?}"
          );
        if (b.attachments !== undefined && !Array.isArray(b.attachments))
          return fail(400, "attachments must be an array");
        if (b.internetHeaders !== undefined && !Array.isArray(b.internetHeaders))
          return fail(400, "internetHeaders must be an array");
        api.saveLocalDraft(second, b.message as Record<string, unknown>, {
          syncDelayMs: b.syncDelayMs,
          attachments: b.attachments as DraftAttachmentInput[] | undefined,
          sensitivityLabel: label,
          internetHeaders: b.internetHeaders as { name: string; value: string }[] | undefined,
        });
        return ok();
      }
      if (b?.message !== undefined) {
        if (typeof b.message !== "object" || b.message === null) return fail(400, expected);
        api.saveLocalDraft(second, b.message as Record<string, unknown>);
      }
      if (b?.internetHeaders !== undefined) {
        if (!Array.isArray(b.internetHeaders)) return fail(400, "internetHeaders must be an array");
        api.setDraftHeaders(second, b.internetHeaders as { name: string; value: string }[]);
      }
      if (typeof label === "string") api.labelDraft(second, label);
      return ok();
    }
    if (first === "deliveries" && method === "GET") return ok(api.deliveries());
    if (first === "mailboxes" && second && route.length === 3 && method === "GET") {
      if (third === "sentitems") return ok(api.sentItems(second));
      if (third === "drafts") return ok(api.drafts(second));
      if (third === "inbox") return ok(api.inbox(second));
    }
    if (first === "mailboxes" && second && third === "inbox" && route.length === 3) {
      if (method === "POST") {
        const b = body as {
          message?: Record<string, unknown>;
          attachments?: DraftAttachmentInput[];
        };
        if (!b?.message) return fail(400, "Expected {message, attachments?}");
        return ok(api.receive(second, b.message, b.attachments ?? []), 201);
      }
    }
    if (first === "faults") {
      if (method === "GET") return ok(api.faults());
      if (method === "PUT") {
        if (!Array.isArray(body)) return fail(400, "Expected an array of faults");
        api.setFaults(body as Fault[]);
        return ok();
      }
      if (method === "POST") {
        api.addFault(body as Fault);
        return ok();
      }
      if (method === "DELETE") {
        api.setFaults([]);
        return ok();
      }
    }
    if (first === "held" && second === "release" && method === "POST") {
      // Answered at once; the held requests are carried out right after.
      void api.releaseHeld();
      return ok();
    }
    if (first === "requests") {
      if (method === "GET") return ok(api.requestLog());
      if (method === "DELETE") {
        api.clearRequestLog();
        return ok();
      }
    }
    if (first === "tokens" && method === "POST") {
      const claims = body as IssueTokenInput;
      if (typeof claims?.preferred_username !== "string") {
        return fail(400, "Expected at least {preferred_username}");
      }
      return ok({ token: issueTestToken(claims) });
    }
  } catch (e) {
    // Bad tenants, unknown mailboxes and malformed faults are the caller's mistakes.
    if (e instanceof InputError || e instanceof Error) return fail(400, e.message);
    throw e;
  }
  return fail(404, `No control route ${method} _emulator/${route.join("/")}`);
}
