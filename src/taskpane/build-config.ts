/** Settings fixed at build time (webpack DefinePlugin); see README "Configuration". */
export interface BuildConfig {
  /** SEND_FROM_DIRECTORY_URL: empty means directory/ next to taskpane.html. */
  directoryUrl: string;
  /** SEND_FROM_DIRECTORY_ORIGINS: other https origins a `directory` query parameter may name. */
  directoryOrigins: string[];
}

declare const __SEND_FROM_BUILD__: BuildConfig;

export const buildConfig: BuildConfig = __SEND_FROM_BUILD__;
