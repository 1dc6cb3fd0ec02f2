// "No string in components outside the message catalogue": JSX text and string props of the
// task pane's components may hold only symbols; words come from src/core/i18n.
import { readdirSync, readFileSync } from "fs";
import { join } from "path";

const dir = join(__dirname, "../../src/taskpane/components");

describe("task pane components", () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith(".tsx")))(
    "%s has no user-visible words of its own",
    (file) => {
      const source = readFileSync(join(dir, file), "utf8");
      // Text between JSX tags, and aria/label/title/placeholder props given as literals.
      const jsxText = [...source.matchAll(/>\s*([^<>{}\n]*[A-Za-zÀ-ÿ]{2,}[^<>{}\n]*)\s*</g)].map(
        (m) => m[1].trim()
      );
      const props = [
        ...source.matchAll(
          /\b(?:aria-label|label|title|placeholder|alt)="([^"]*[A-Za-z]{2,}[^"]*)"/g
        ),
      ].map((m) => m[1]);
      expect([...jsxText, ...props]).toEqual([]);
    }
  );
});
