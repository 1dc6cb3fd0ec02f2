// office-addin-lint picks up this file. It starts from eslint-plugin-office-addins' React preset
// (which includes prettier) and extends its TypeScript settings to .tsx files.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

const react = officeAddins.configs.react;
const tsBlock = react.find((c) => c.files && c.files.some((f) => f.includes("ts")));

export default [
  {
    ignores: [
      "dist/**",
      "lib/**",
      ".build/**",
      "node_modules/**",
      "src/core/generated/**",
      "coverage/**",
    ],
  },
  ...react,
  { ...tsBlock, files: ["**/*.tsx"] },
  {
    files: ["**/*.{ts,tsx,js,cjs,mjs}"],
    // The preset names the TypeScript parser through a default import that resolves to nothing
    // (office-addin-lint's own config sets it the same way).
    languageOptions: {
      parser: tsParser,
      globals: { ...globals.browser, ...globals.node, ...globals.jest },
    },
    rules: {
      // TypeScript checks names; the core rule does not understand type-only globals such as Office.
      "no-undef": "off",
      "react/react-in-jsx-scope": "off",
      "react/prop-types": "off",
    },
  },
  {
    // Layer rule (docs/architecture.md): only src/office touches the Office globals, so the rest
    // of the product can run, and be tested, without Office. Type positions (Office.HostType)
    // are not references to the global and stay allowed. Import arrows and cycles are checked
    // by dependency-cruiser (.dependency-cruiser.cjs).
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/office/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["Office", "OfficeRuntime", "Outlook"].map((name) => ({
          name,
          message: `Only src/office may use the ${name} global: add a wrapper there and pass it in.`,
        })),
      ],
      // The same globals reached as a property, e.g. (window as any).Office or globalThis["Office"].
      "no-restricted-syntax": [
        "error",
        ...[
          "MemberExpression[property.name=/^(Office|OfficeRuntime|Outlook)$/]",
          "MemberExpression[property.value=/^(Office|OfficeRuntime|Outlook)$/]",
        ].map((selector) => ({
          selector,
          message:
            "Only src/office may use the Office globals: add a wrapper there and pass it in.",
        })),
      ],
    },
  },
];
