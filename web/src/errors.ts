// What went wrong, in the page's language: the server's stable error code is translated;
// its detail (which field, which value) follows as the server wrote it.
import { ApiError } from "./api";
import { type Key, t, translated } from "./i18n";

export function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ApiError && translated(`error.code.${e.code}`, "") !== "")
    return t(`error.code.${e.code}` as Key, { message });
  return t("error.generic", { message });
}
