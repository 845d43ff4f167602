// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.min.js";
initAll();

// A table that scrolls inside its box (on a phone): a region a keyboard can reach and scroll,
// named by the table's caption.
for (const box of document.querySelectorAll(".app-table-scroll")) {
  if (box.scrollWidth > box.clientWidth) {
    const caption = box.querySelector("caption");
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
  }
}
