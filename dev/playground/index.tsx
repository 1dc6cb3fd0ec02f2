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
import { ComposeSimulator, Scenario } from "./simulator";

// The playground: a simulated Outlook compose window hosting the real task pane in an iframe.
// Development and test tool only; never part of the production build.

const LANGUAGES = ["en-US", "de-DE", "fr-FR"];
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
    roaming = JSON.parse(sessionStorage.getItem(roamingKey(scenario.user.address)) ?? "{}");
  } catch {
    roaming = {};
  }
  const sim = new ComposeSimulator({ ...scenario, roamingSettings: roaming });
  // Roaming settings live in the mailbox; here they survive a reload of the playground tab.
  sim.subscribe(() =>
    sessionStorage.setItem(
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
  const [sim, setSim] = useState<ComposeSimulator | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const user = PEOPLE.find((p) => p.address === userAddress) ?? PEOPLE[0];
    const next = createSimulator({
      ...defaultScenario(user),
      displayLanguage: language,
      officeTheme: THEMES[themeNow.current],
    });
    window.sendFromSimulator = next;
    setSim(next);
    return next.subscribe(rerender);
  }, [userAddress, language]);

  if (!sim) return null;
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
              <Select value={userAddress} onChange={(_, d) => setUserAddress(d.value)}>
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
          </div>
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
          <div>
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
          key={`events|${userAddress}|${language}|${theme}`}
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
          key={`${userAddress}|${language}|${theme}`}
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
