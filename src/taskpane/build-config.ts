/** Settings fixed at build time (webpack DefinePlugin); see README "Configuration". */
export interface BuildConfig {
  /** SEND_FROM_DIRECTORY_URL: empty means directory/ next to taskpane.html. */
  directoryUrl: string;
  /** SEND_FROM_DIRECTORY_ORIGINS: other https origins a `directory` query parameter may name. */
  directoryOrigins: string[];
  /** SEND_FROM_CLIENT_ID: the Entra app; empty means sending from the pane is not set up. */
  clientId: string;
  /**
   * SEND_FROM_DIRECTORY_ACCESS: "protected" reads the user's shard from the directory service's
   * B/me with a token; "public" reads static files (B/users/<hash>.json) with none.
   */
  directoryAccess: "protected" | "public";
  /** The add-in's own API scope, api://<add-in host>/<client id>/access_as_user; empty without a client id. */
  apiScope: string;
  /** SEND_FROM_AUTHORITY */
  authority: string;
  /** SEND_FROM_GRAPH_URL: absolute, or relative to the page (the playground's emulator). */
  graphUrl: string;
  /**
   * The manifest's <Id> this build publishes (SEND_FROM_MANIFEST_ID, else the one derived from the
   * add-in's origin, else manifest.xml's own): Outlook names the add-in's custom properties by it
   * (src/office/compose.ts customPropertiesId).
   */
  addinId: string;
}

declare const __SEND_FROM_BUILD__: BuildConfig;

export const buildConfig: BuildConfig = __SEND_FROM_BUILD__;
