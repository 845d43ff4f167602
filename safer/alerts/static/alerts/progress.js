// Live delivery progress on a message's staff page: poll the counts every two seconds while
// anything is still queued. Without JavaScript the page shows the counts as loaded, with a Refresh link.
const panel = document.getElementById("alerts-progress");
if (panel) {
  const update = async () => {
    const response = await fetch(panel.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const counts = await response.json();
    for (const cell of panel.querySelectorAll("[data-count]")) {
      cell.textContent = counts[cell.dataset.count];
    }
    if (counts.queued > 0) setTimeout(update, 2000);
  };
  setTimeout(update, 2000);
}
