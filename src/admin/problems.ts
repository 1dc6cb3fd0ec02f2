/** Something in the input (or the output folder) that stops a build: where, what, and how to fix it. */
export interface Problem {
  /** File name as the admin knows it, e.g. "mailboxes.csv", or a path for folders. */
  file: string;
  /** 1-based line in the file (the header is line 1). */
  line?: number;
  column?: string;
  message: string;
  fix: string;
}

/** Enough to fix a broken export in one go without drowning the terminal. */
export const MAX_PROBLEMS = 200;

export class Problems {
  readonly list: Problem[] = [];
  /** Problems not kept because the list was full. */
  overflow = 0;

  add(problem: Problem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.overflow++;
  }

  get count(): number {
    return this.list.length + this.overflow;
  }

  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line !== undefined ? `, line ${p.line}` : ""}${
    p.column ? `, column ${p.column}` : ""
  }`;
  return `${where}: ${p.message}\n    fix: ${p.fix}`;
}
