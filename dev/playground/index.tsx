import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  FluentProvider,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Textarea,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useEffect, useReducer, useRef, useState } from "react";
import type { Delivery } from "../graph-emulator/types";
import { createRoot } from "react-dom/client";
import { ADDRESS_LIST, defaultScenario, PEOPLE } from "./sample-tenant";
import { ComposeSimulator, Scenario, SimAddress } from "./simulator";
import { customerMail, receiveInInbox, ResponseKind, SimResponse } from "./outlook-reply";

// The playground: a simulated Outlook compose window hosting the real task pane in an iframe.
// Development and test tool only; never part of the production build.

const LANGUAGES = ["en-US", "de-DE", "fr-FR"];
/** Shared mailboxes of the sample tenant: what "Open another mailbox" and replies can use. */
const SHARED = ADDRESS_LIST.filter(
  (a) =>
    !PEOPLE.some((p) => p.address === a.address) &&
    !/\(alias\)/.test(a.displayName) &&
    a.address !== "diego.siciliani@northwind.example"
);
const RESPONSES: Record<ResponseKind, string> = {
  reply: "Reply",
  replyAll: "Reply all",
  forward: "Forward",
};
/** A sign-in name that is not the mail address, as many tenants have (onmicrosoft.com). */
const otherUpn = (person: SimAddress) =>
  person.upn ?? `${person.address.split("@")[0]}@northwindtraders.onmicrosoft.com`;
type SendMode = "SoftBlock" | "PromptUser";

/** The Smart Alert's limited Markdown (bold, paragraphs, escapes), rendered as text elements. */
function SmartAlertText({ markdown, plain }: { markdown?: string; plain?: string }) {
  if (!markdown) return <p>{plain}</p>;
  return (
    <>
      {markdown.split(/\n\n+/).map((paragraph, i) => (
        <p key={i}>
          {paragraph.split(/(\*\*(?:\\.|[^*])+\*\*)/).map((part, j) => {
            const unescaped = part.replace(/\\(.)/g, "$1");
            return part.startsWith("**") ? (
              <strong key={j}>{unescaped.slice(2, -2)}</strong>
            ) : (
              <span key={j}>{unescaped}</span>
            );
          })}
        </p>
      ))}
    </>
  );
}
/**
 * The tenant behaviour behind Graph's known issue (microsoft-graph-docs-contrib#3720): upload
 * sessions refused in shared mailboxes (dev/graph-emulator/README.md). Set through the emulator's
 * control API, which starts its world afresh (Outlook saves a new draft on the next save).
 */
async function setUploadsInSharedMailboxes(refused: boolean): Promise<void> {
  const tenant = (await (await fetch("/graph/_emulator/tenant")).json()) as Record<string, unknown>;
  const reset = await fetch("/graph/_emulator/reset", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenant: { ...tenant, uploadSessionsOnlyInOwnMailbox: refused } }),
  });
  if (!reset.ok) throw new Error(`The emulator refused the tenant (${reset.status}).`);
}

const THEMES = {
  light: { bodyBackgroundColor: "#FFFFFF", bodyForegroundColor: "#000000" },
  dark: { bodyBackgroundColor: "#1F1F1F", bodyForegroundColor: "#FFFFFF" },
};

const useStyles = makeStyles({
  page: { display: "grid", gridTemplateRows: "auto 1fr", height: "100%" },
  main: { display: "grid", gridTemplateColumns: "1fr 360px", minHeight: 0 },
  compose: {
    display: "grid",
    alignContent: "start",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    overflowY: "auto",
  },
  settings: { display: "flex", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  pane: {
    border: "none",
    borderLeft: `1px solid ${tokens.colorNeutralStroke1}`,
    width: "100%",
    height: "100%",
  },
  notices: { display: "grid", gap: tokens.spacingVerticalXS },
});

/** What the Graph emulator delivered: what recipients got, and whose Sent Items kept a copy. */
function Deliveries() {
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  useEffect(() => {
    let live = true;
    const poll = () =>
      fetch("/graph/_emulator/deliveries")
        .then((r) => (r.ok ? r.json() : []))
        .then((d: Delivery[]) => live && setDeliveries(d))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, 1500);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const who = (r: { emailAddress: { name?: string; address: string } }) =>
    r.emailAddress.name || r.emailAddress.address;
  return (
    <section aria-label="Delivered messages" data-testid="deliveries">
      <h2 style={{ fontSize: "16px", margin: "8px 0" }}>Delivered (Exchange Online, emulated)</h2>
      {deliveries.length === 0 && (
        <p>Nothing delivered yet. Send from the pane, or with Outlook&apos;s own button.</p>
      )}
      {[...deliveries].reverse().map((d) => (
        <article
          key={d.id}
          data-testid="delivery"
          style={{ borderTop: "1px solid #ddd", padding: "4px 0" }}
        >
          <strong>{d.subject || "(no subject)"}</strong>
          <div>
            From: {who(d.from)}
            {d.sender.emailAddress.address !== d.from.emailAddress.address && (
              <> (sent by {who(d.sender)}: &quot;on behalf of&quot;)</>
            )}
          </div>
          <div>To: {d.toRecipients.map(who).join(", ")}</div>
          {d.inReplyTo && (
            <div data-testid="delivery-thread">
              In reply to: {d.inReplyTo} (conversation {d.conversationId})
            </div>
          )}
          <div>Sent Items copy in: {d.sentItemsCopies.join(", ") || "none"}</div>
          {d.attachments.length > 0 && (
            <div>Attachments: {d.attachments.map((a) => a.name).join(", ")}</div>
          )}
        </article>
      ))}
    </section>
  );
}

function roamingKey(address: string) {
  return `send-from-playground:roaming:${address}`;
}

function createSimulator(scenario: Scenario): ComposeSimulator {
  let roaming: Record<string, unknown> = {};
  try {
    roaming = JSON.parse(localStorage.getItem(roamingKey(scenario.user.address)) ?? "{}");
  } catch {
    roaming = {};
  }
  const sim = new ComposeSimulator({ ...scenario, roamingSettings: roaming });
  // Roaming settings live in the mailbox: here every playground tab of the browser (another
  // Outlook window of the same person, a draft opened again later) reads what was saved.
  sim.subscribe(() =>
    localStorage.setItem(
      roamingKey(scenario.user.address),
      JSON.stringify(sim.savedRoamingSettings())
    )
  );
  return sim;
}

function Playground() {
  const styles = useStyles();
  const [userAddress, setUserAddress] = useState(PEOPLE[0].address);
  const [language, setLanguage] = useState(LANGUAGES[0]);
  const [theme, setTheme] = useState<keyof typeof THEMES>("light");
  // A new compose window (another user or language) opens in the theme chosen last.
  const themeNow = useRef(theme);
  themeNow.current = theme;
  const [sendMode, setSendMode] = useState<SendMode>("SoftBlock");
  const [uploadsRefused, setUploadsRefused] = useState(false);
  // "Open another mailbox" (Outlook on the web): userProfile is that mailbox (office-js #3837).
  const [opened, setOpened] = useState("");
  // The message in that mailbox: new (getSharedPropertiesAsync fails in Outlook on the web and
  // new Outlook, office-js #6877) or a draft saved there and opened again (it names the owner).
  const [reopenedDraft, setReopenedDraft] = useState(false);
  // The person's sign-in name (UPN): their mail address, or another name (SimAddress.upn).
  const [upnDiffers, setUpnDiffers] = useState(!!PEOPLE[0].upn);
  // What the compose window is: a new message, or Outlook's response to a received message.
  const [response, setResponse] = useState<SimResponse | null>(null);
  const [replyIn, setReplyIn] = useState(SHARED[0].address);
  const [replyKind, setReplyKind] = useState<ResponseKind>("reply");
  const [replyError, setReplyError] = useState("");
  // A new compose window (the pane reloads) for each response opened.
  const [windowCount, setWindowCount] = useState(0);
  // The person closes the task pane and opens it again on the same compose window: only the
  // pane's page loads afresh; the compose item (its saved draft, the add-in's sessionData) is
  // Outlook's and stays (learn.microsoft.com/javascript/api/outlook/office.sessiondata).
  const [paneOpenings, setPaneOpenings] = useState(0);
  // Classic Outlook on Windows: the launch events run in its JavaScript-only runtime, without
  // localStorage (Scenario.classicOutlookWindows).
  const [classic, setClassic] = useState(false);
  const [sim, setSim] = useState<ComposeSimulator | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const person = PEOPLE.find((p) => p.address === userAddress) ?? PEOPLE[0];
  useEffect(() => {
    const { upn, ...mail } = person;
    const user: SimAddress = upnDiffers ? { ...mail, upn: upn ?? otherUpn(person) } : mail;
    const base = defaultScenario(user);
    const next = createSimulator({
      ...(response
        ? {
            user,
            requirementSets: base.requirementSets,
            respondTo: response,
            body: "<p>Hello Jordan,</p><p>order 4711 leaves our warehouse on Friday.</p>",
            categories: ["Customer"],
            isReadReceiptRequested: true,
            flagged: true,
            internetHeaders: [{ name: "x-send-from-playground", value: "reply" }],
          }
        : base),
      openedMailbox: SHARED.find((a) => a.address === opened),
      reopenedDraft,
      classicOutlookWindows: classic,
      displayLanguage: language,
      officeTheme: THEMES[themeNow.current],
    });
    window.sendFromSimulator = next;
    setSim(next);
    return next.subscribe(rerender);
    // person follows userAddress.
  }, [userAddress, language, opened, reopenedDraft, upnDiffers, classic, response, windowCount]);

  /** A customer's mail arrives in the chosen Inbox; Outlook opens the response to it. */
  const respond = async () => {
    setReplyError("");
    const folder =
      replyIn === person.address
        ? person
        : (SHARED.find((a) => a.address === replyIn) ?? SHARED[0]);
    try {
      const original = await receiveInInbox("/graph", folder.address, customerMail(folder));
      setResponse({ kind: replyKind, folder, original });
      setWindowCount((n) => n + 1);
    } catch (e) {
      setReplyError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!sim) return null;
  const paneKey = `${userAddress}|${language}|${theme}|${opened}|${reopenedDraft}|${upnDiffers}|${classic}|${windowCount}`;
  const inboxes = [person, ...SHARED];
  const fromOptions = [sim.user, ...ADDRESS_LIST.filter((a) => a.address !== sim.user.address)];

  return (
    <div className={styles.page}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Simulator, not Outlook.</MessageBarTitle>
          This page imitates Outlook&apos;s compose window so you can try Send From on the sample
          directory of Northwind Traders, a fictional tenant. The task pane on the right is the real
          add-in; Office.js is simulated.
        </MessageBarBody>
      </MessageBar>
      <div className={styles.main}>
        <section className={styles.compose} aria-label="Simulated compose window">
          <div className={styles.settings}>
            <Field label="Signed in as">
              <Select
                value={userAddress}
                onChange={(_, d) => {
                  setUserAddress(d.value);
                  setUpnDiffers(!!PEOPLE.find((p) => p.address === d.value)?.upn);
                  setResponse(null);
                  setReplyIn(SHARED[0].address);
                }}
              >
                {PEOPLE.map((p) => (
                  <option key={p.address} value={p.address}>
                    {p.displayName}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Office display language">
              <Select value={language} onChange={(_, d) => setLanguage(d.value)}>
                {LANGUAGES.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </Select>
            </Field>
            <Field label="Smart Alerts send mode (admin setting)">
              <Select value={sendMode} onChange={(_, d) => setSendMode(d.value as SendMode)}>
                <option value="SoftBlock">SoftBlock</option>
                <option value="PromptUser">PromptUser</option>
              </Select>
            </Field>
            <Field label="Large attachments in shared mailboxes (tenant behaviour)">
              <Select
                data-testid="tenant-uploads"
                value={uploadsRefused ? "refused" : "work"}
                onChange={(_, d) => {
                  const refused = d.value === "refused";
                  void setUploadsInSharedMailboxes(refused).then(
                    () => setUploadsRefused(refused),
                    (e: unknown) => console.error(String(e))
                  );
                }}
              >
                <option value="work">Upload sessions work (default)</option>
                <option value="refused">Refused: Graph known issue, 403</option>
              </Select>
            </Field>
            <Field label="Office theme (changed while the pane is open)">
              <Select
                value={theme}
                onChange={(_, d) => {
                  const next = d.value as keyof typeof THEMES;
                  setTheme(next);
                  // Outlook's OfficeThemeChanged event: the pane follows without reopening.
                  sim.setOfficeTheme(THEMES[next]);
                }}
              >
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </Select>
            </Field>
            <Field label="Attach a file while the pane is open">
              <Button
                data-testid="attach-cloud-file"
                onClick={() =>
                  // Outlook's AttachmentsChanged event: the pane reads the list again.
                  sim.addAttachment({
                    name: "Plan.docx",
                    contentType:
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    sourceUrl:
                      "https://contoso.sharepoint.com/sites/sales/Shared%20Documents/Plan.docx",
                  })
                }
              >
                Attach a cloud file (Plan.docx)
              </Button>
            </Field>
            <Field label="Open another mailbox (Outlook on the web)">
              <Select
                data-testid="opened-mailbox"
                value={opened}
                onChange={(_, d) => setOpened(d.value)}
              >
                <option value="">No: my own mailbox</option>
                {SHARED.map((a) => (
                  <option key={a.address} value={a.address}>
                    {a.displayName} &lt;{a.address}&gt;
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Message in the mailbox opened">
              <Select
                data-testid="opened-message"
                value={reopenedDraft ? "reopened" : "new"}
                disabled={!opened}
                onChange={(_, d) => setReopenedDraft(d.value === "reopened")}
              >
                <option value="new">New message (Outlook does not name its mailbox)</option>
                <option value="reopened">Draft saved there and opened again</option>
              </Select>
            </Field>
            <Field label="Outlook">
              <Select
                data-testid="outlook-client"
                value={classic ? "classic" : "browser"}
                onChange={(_, d) => setClassic(d.value === "classic")}
              >
                <option value="browser">On the web, new Outlook, Mac (browser runtimes)</option>
                <option value="classic">
                  Classic on Windows (launch events in the JavaScript-only runtime)
                </option>
              </Select>
            </Field>
            <Field label="Sign-in name (UPN)">
              <Select
                data-testid="sign-in-name"
                value={upnDiffers ? "other" : "mail"}
                onChange={(_, d) => setUpnDiffers(d.value === "other")}
              >
                <option value="mail">Same as the mail address ({person.address})</option>
                <option value="other">Differs: {otherUpn(person)}</option>
              </Select>
            </Field>
          </div>
          <section aria-label="Reply to a received message" className={styles.settings}>
            <Field label="Message in the Inbox of">
              <Select
                data-testid="reply-in"
                value={replyIn}
                onChange={(_, d) => setReplyIn(d.value)}
              >
                {inboxes.map((a) => (
                  <option key={a.address} value={a.address}>
                    {a.displayName} &lt;{a.address}&gt;
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Response">
              <Select
                data-testid="reply-kind"
                value={replyKind}
                onChange={(_, d) => setReplyKind(d.value as ResponseKind)}
              >
                {(Object.keys(RESPONSES) as ResponseKind[]).map((k) => (
                  <option key={k} value={k}>
                    {RESPONSES[k]}
                  </option>
                ))}
              </Select>
            </Field>
            <div style={{ alignSelf: "end", display: "flex", gap: tokens.spacingHorizontalS }}>
              <Button data-testid="open-reply" onClick={() => void respond()}>
                {RESPONSES[replyKind]} to a message in{" "}
                {(inboxes.find((a) => a.address === replyIn) ?? person).displayName}&apos;s Inbox
              </Button>
              {response && (
                <Button
                  data-testid="new-message"
                  onClick={() => {
                    // A new compose window: the pane and the event runtime load again with it.
                    setResponse(null);
                    setWindowCount((n) => n + 1);
                  }}
                >
                  New message
                </Button>
              )}
            </div>
          </section>
          {replyError && (
            <MessageBar intent="error">
              <MessageBarBody>{replyError}</MessageBarBody>
            </MessageBar>
          )}
          {response && (
            <MessageBar intent="info" data-testid="responding-to">
              <MessageBarBody>
                {RESPONSES[response.kind]} to &quot;{response.original.subject}&quot; from{" "}
                {response.original.from?.emailAddress.name ??
                  response.original.from?.emailAddress.address}{" "}
                in {response.folder.displayName}&apos;s Inbox (Internet message id{" "}
                {response.original.internetMessageId}, conversation{" "}
                {response.original.conversationId}).
                {response.folder.address !== person.address &&
                  " Outlook saves this draft in that mailbox's Drafts."}{" "}
                The draft carries the thread, the category Customer, a read receipt, a flag and an
                x- header.
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.notices} data-testid="notifications" aria-live="polite">
            {[...sim.notifications.values()].map((n) => (
              <MessageBar
                key={n.key}
                intent={n.type === "errorMessage" ? "error" : "info"}
                data-notification-key={n.key}
              >
                <MessageBarBody>{n.message}</MessageBarBody>
              </MessageBar>
            ))}
          </div>
          <Field label="From (Outlook's own From field)">
            <Select
              data-testid="outlook-from-field"
              value={sim.from.address}
              onChange={(_, d) =>
                sim.setFrom(fromOptions.find((a) => a.address === d.value) ?? sim.user)
              }
            >
              {fromOptions.map((a) => (
                <option key={a.address} value={a.address}>
                  {a.displayName} &lt;{a.address}&gt;
                </option>
              ))}
            </Select>
          </Field>
          <Field label="To">
            <Input
              value={sim.to.join("; ")}
              onChange={(_, d) => sim.update({ to: d.value.split(/[;,]\s*/).filter(Boolean) })}
            />
          </Field>
          <Field label="Cc">
            <Input
              value={sim.cc.join("; ")}
              onChange={(_, d) => sim.update({ cc: d.value.split(/[;,]\s*/).filter(Boolean) })}
            />
          </Field>
          <Field label="Subject">
            <Input value={sim.subject} onChange={(_, d) => sim.update({ subject: d.value })} />
          </Field>
          <Field label="Body (HTML)">
            <Textarea
              rows={8}
              value={sim.body}
              onChange={(_, d) => sim.update({ body: d.value })}
            />
          </Field>
          <div style={{ display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" }}>
            <Button
              data-testid="reopen-pane"
              disabled={!!sim.sent || !!sim.closed}
              onClick={() => setPaneOpenings((n) => n + 1)}
            >
              Close and reopen the task pane
            </Button>
            <Button
              appearance="primary"
              data-testid="outlook-send"
              disabled={!!sim.sent}
              onClick={() => void sim.pressSend()}
            >
              Send (Outlook&apos;s own button)
            </Button>
          </div>
          {sim.sent && (
            <MessageBar intent="success" data-testid="outlook-sent">
              <MessageBarBody>
                Outlook sent the message from {sim.sent.from.displayName} &lt;
                {sim.sent.from.address}&gt;. The compose window is closed.
              </MessageBarBody>
            </MessageBar>
          )}
          {sim.rejected && (
            <MessageBar intent="error" data-testid="outlook-rejected">
              <MessageBarBody>
                Exchange refused what Outlook sent ({sim.rejected.code}): {sim.rejected.message} In
                Outlook you would find a non-delivery report in your Inbox.
              </MessageBarBody>
            </MessageBar>
          )}
          {sim.closed && (
            <MessageBar intent="success" data-testid="compose-closed">
              <MessageBarBody>
                The add-in sent the message and closed the compose window.
              </MessageBarBody>
            </MessageBar>
          )}
          <Deliveries />
          {sim.openedCommand && (
            <MessageBar intent="info" data-testid="opened-command">
              <MessageBarBody>
                Outlook opened the add-in&apos;s task pane ({sim.openedCommand}) on the right.
              </MessageBarBody>
            </MessageBar>
          )}
        </section>
        {/* The event runtime: Outlook loads it without showing it. */}
        <iframe
          key={`events|${paneKey}`}
          src="playground-commands.html"
          title="Send From event runtime"
          hidden
        />
        <Dialog
          open={!!sim.alert}
          onOpenChange={(_, d) => !d.open && sim.dismissAlert()}
          modalType="alert"
        >
          <DialogSurface data-testid="smart-alert">
            <DialogBody>
              <DialogTitle>Send From</DialogTitle>
              <DialogContent>
                <SmartAlertText
                  markdown={sim.alert?.errorMessageMarkdown}
                  plain={sim.alert?.errorMessage}
                />
              </DialogContent>
              <DialogActions>
                {sim.alert?.cancelLabel && sim.alert.commandId && (
                  <Button appearance="primary" onClick={() => sim.runAlertCommand()}>
                    {sim.alert.cancelLabel}
                  </Button>
                )}
                {/* sendModeOverride (Mailbox 1.14) offers Send anyway whatever the manifest says. */}
                {(sendMode === "PromptUser" ||
                  String(sim.alert?.sendModeOverride).toLowerCase() === "promptuser") && (
                  <Button onClick={() => void sim.pressSend(true)}>Send anyway</Button>
                )}
                <Button onClick={() => sim.dismissAlert()}>Don&apos;t send</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
        <iframe
          key={`${paneKey}|${paneOpenings}`}
          className={styles.pane}
          src="playground-taskpane.html"
          title="Send From task pane"
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(
  <FluentProvider theme={webLightTheme} style={{ height: "100%" }}>
    <Playground />
  </FluentProvider>
);
