// Every layout state in en-US (test/browser/layout.ts): a file per language, so jest's workers run
// the three languages side by side.
import { describeLayoutIn, setUpLayout } from "./layout";

setUpLayout();
describeLayoutIn("en-US");
