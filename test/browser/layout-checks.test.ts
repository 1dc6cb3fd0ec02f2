// The layout checks themselves (test/browser/layout.ts): broken on purpose they fail, every send
// error has a state, the theme is followed while open, and the whole flow works by keyboard.
import { describeLayoutChecks, setUpLayout } from "./layout";

setUpLayout();
describeLayoutChecks();
