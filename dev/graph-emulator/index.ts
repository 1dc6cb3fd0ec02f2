// Local Exchange Online + Microsoft Graph v1.0 emulator for Send From's tests and playground.
// See README.md for what it emulates and where each rule comes from.
export { createGraphEmulator, startGraphEmulator } from "./emulator";
export type { GraphEmulator, GraphEmulatorOptions, RunningGraphEmulator } from "./emulator";
export { CONTROL_ROUTES } from "./control";
export {
  decodeTestToken,
  directoryIdFor,
  issueTestToken,
  DEFAULT_SCOPES,
  GRAPH_AUDIENCE,
} from "./tokens";
export type { IssueTokenInput, TestTokenClaims } from "./tokens";
export { DEFAULT_CLAIMS } from "./faults";
export { MESSAGES as GRAPH_ERROR_MESSAGES } from "./errors";
export { MAX_JSON_REQUEST_BYTES } from "./http";
export { MAX_CHUNK_BYTES, MIN_SESSION_BYTES, MAX_SESSION_BYTES } from "./uploads";
export { DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_SENDS_PER_MINUTE } from "./directory";
export type * from "./types";
export { tenantFromDirectory } from "./from-directory";
