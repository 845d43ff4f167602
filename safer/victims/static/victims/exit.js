// "Exit this page" as police sites do it, on top of GOV.UK Frontend's component (Shift three
// times): Escape also leaves, and leaving replaces this page in the history so Back does not
// return to it. Without JavaScript the button is an ordinary link to the same neutral page.
const button = document.querySelector(".govuk-js-exit-this-page-button");

function leave(event) {
  if (event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
  document.body.classList.add("sn-exiting");
  window.location.replace(button.href);
}

if (button) {
  button.addEventListener("click", leave, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") leave(event);
  });
}
