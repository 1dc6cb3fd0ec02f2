// What `send-from-admin build` is asked to do (cli.ts parses the flags), apart from build.ts so
// that the parts of the build (read.ts, resolve.ts...) can take the options without importing
// the module that runs them.

/** `--no-reply-attribute CustomAttributeN[=value]`: which mailboxes are no-reply. */
export interface NoReplyRule {
  /** Column name, e.g. "CustomAttribute7". */
  attribute: string;
  /** When set, the attribute must equal it (case-insensitive); otherwise any non-empty value counts. */
  value?: string;
}

export interface BuildProgress {
  /** A file starts; its size in bytes. */
  file(name: string, bytes: number): void;
  /** Bytes and rows read so far in the current file. */
  advance(bytes: number, rows: number): void;
  /** A later phase starts (no byte count). */
  phase(text: string, total?: number): void;
  /** Items done in the current phase. */
  step(done: number): void;
  /** Ends the current line, if any. */
  done(): void;
}

export interface BuildOptions {
  inDir: string;
  tenant?: string;
  generatedAt?: string;
  /** Also fail on trustees the exports prove gone (orphaned SIDs). */
  strict?: boolean;
  /**
   * Publish although rights are lost (trustees or mailboxes that resolve to no one, "?"-mangled
   * names); each lost right is then listed in the summary and report.
   */
  allowUnresolved?: boolean;
  noReply?: NoReplyRule;
  progress?: BuildProgress;
  /** Parse the permission files in worker threads when the compiled workers exist (default true). */
  threads?: boolean;
}
