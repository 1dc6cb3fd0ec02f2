import { createContext, useContext } from "react";
import { en } from "../core/i18n/en";
import type { Messages } from "../core/i18n";

const MessagesContext = createContext<Messages>(en);

export const MessagesProvider = MessagesContext.Provider;

/** The message catalogue for the user's Office display language. */
export function useMessages(): Messages {
  return useContext(MessagesContext);
}
