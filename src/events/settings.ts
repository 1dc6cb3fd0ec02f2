import type { HandlerSettings } from "../core/events";

/** Admin build settings for the handlers (webpack DefinePlugin; README "Configuration"). */
export interface EventBuildSettings extends HandlerSettings {
  /** Absolute directory URL: the JavaScript-only runtime has no page URL to resolve against. */
  directoryUrl: string;
  /** SEND_FROM_DIRECTORY_ACCESS: "protected" asks the directory service's B/me with an Office SSO token. */
  directoryAccess: "protected" | "public";
}

declare const __SEND_FROM_EVENTS__: EventBuildSettings;

export const handlerSettings: EventBuildSettings = __SEND_FROM_EVENTS__;
