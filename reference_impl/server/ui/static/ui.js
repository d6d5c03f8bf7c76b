// The UI's only script: open the server-rendered dialog as a modal (Escape goes through its Close form,
// so the server closes it too) and run the Request Code countdown on the server's clock.
for (const dialog of document.querySelectorAll("dialog[data-modal]")) {
  dialog.showModal();
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector("form[data-close]")?.requestSubmit();
  });
}
for (const button of document.querySelectorAll("button[data-countdown-url]")) {
  const status = document.getElementById(button.getAttribute("aria-describedby"));
  const tick = async () => {
    const response = await fetch(button.dataset.countdownUrl, { credentials: "same-origin" });
    const { remaining } = await response.json();
    if (remaining > 0) {
      status.querySelector("[data-seconds]").textContent = remaining;
      setTimeout(tick, 1000);
    } else {
      button.disabled = false;
      status.textContent = "";
    }
  };
  if (button.disabled) setTimeout(tick, 1000);
}
