// "Use my location": added only when the browser can share its location, so people without
// JavaScript never see a button that does nothing. The search box above it always works.
const holder = document.querySelector("[data-sn-locate]");

if (holder && "geolocation" in navigator) {
  const status = holder.querySelector("[data-sn-locate-status]");
  const findUrl = holder.dataset.findUrl || "/find";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary sn-locate__button";
  button.textContent = "Use my location";

  const say = (text) => {
    status.textContent = text;
  };

  button.addEventListener("click", () => {
    button.setAttribute("aria-disabled", "true");
    say("Finding your location…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const lat = position.coords.latitude.toFixed(5);
        const lng = position.coords.longitude.toFixed(5);
        say("Found your location. Opening your team's page…");
        window.location.assign(`${findUrl}?lat=${lat}&lng=${lng}`);
      },
      (error) => {
        button.removeAttribute("aria-disabled");
        say(
          error.code === error.PERMISSION_DENIED
            ? "You did not allow this site to use your location. Enter a postcode, town or village instead."
            : "We could not find your location. Enter a postcode, town or village instead.",
        );
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });

  holder.insertBefore(button, status);
  holder.hidden = false;
}
