/** The dialog open over the window, if any (one at a time). */
export type OpenDialog = "new-session" | "race" | "quick-switcher" | "doctor" | null;
