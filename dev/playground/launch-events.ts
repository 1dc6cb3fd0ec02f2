// Outlook's side of event-based activation, for the simulator: handlers associated by the
// event runtime (playground-commands.html, with the real launchevent.js) are called when the
// compose window opens, when From changes and when Send is pressed; their event.completed()
// options decide what happens, as in Outlook.

/** What a handler passes to event.completed(): Office's own type (Smart Alerts, Mailbox 1.12). */
export type CompletedOptions = Office.SmartAlertsEventCompletedOptions;

export const EVENT_HANDLERS = {
  newMessage: "onNewMessageComposeHandler",
  fromChanged: "onMessageFromChangedHandler",
  send: "onMessageSendHandler",
} as const;

export class LaunchEvents {
  private readonly handlers = new Map<string, (event: Office.MailboxEvent) => void>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Every event fired and how it completed, newest last (the playground and tests read it). */
  readonly log: { name: string; options?: CompletedOptions; ms: number }[] = [];

  constructor(private readonly onChange: () => void) {}

  associate(name: string, handler: (event: Office.MailboxEvent) => void): void {
    this.handlers.set(name, handler);
    for (const resolve of this.waiting.get(name) ?? []) resolve();
    this.waiting.delete(name);
    // The compose window opened before the runtime loaded: deliver the "new message" event now.
    if (name === EVENT_HANDLERS.newMessage) void this.fire(name);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /**
   * Calls the handler and resolves with what it passed to completed(). Outlook starts the event
   * runtime on the event and waits for its handler (Microsoft Learn, "Configure your Outlook
   * add-in for event-based activation": the add-in is activated when the event occurs), so an
   * event fired while the runtime is still loading waits for the association, as a Send pressed
   * the moment a draft opens does (stop 28's CI: the simulator let such a Send go unchecked).
   * Outlook gives up after about 5 minutes; then, as when nothing answered, the event is allowed.
   */
  fire(name: string, timeoutMs = 300_000): Promise<CompletedOptions | undefined> {
    const handler = this.handlers.get(name);
    if (!handler) {
      const started = Date.now();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(reject, timeoutMs);
        this.waiting.set(name, [
          ...(this.waiting.get(name) ?? []),
          () => (clearTimeout(timer), resolve()),
        ]);
      }).then(
        () => this.fire(name, Math.max(0, timeoutMs - (Date.now() - started))),
        () => {
          this.log.push({ name, options: { allowEvent: true }, ms: Date.now() - started });
          this.onChange();
          return { allowEvent: true };
        }
      );
    }
    const started = Date.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (options?: CompletedOptions) => {
        if (done) return;
        done = true;
        this.log.push({ name, options, ms: Date.now() - started });
        this.onChange();
        resolve(options);
      };
      setTimeout(() => finish({ allowEvent: true }), timeoutMs);
      try {
        handler({ completed: finish });
      } catch {
        finish({ allowEvent: true });
      }
    });
  }
}
