/**
 * The Fluent dark theme, in a chunk of its own: index.tsx loads it before the first paint only
 * when Office (or the system) uses a dark theme, so light-theme users do not download it.
 */
export { webDarkTheme as darkTheme } from "@fluentui/react-components";
