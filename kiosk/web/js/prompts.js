// Spoken prompts: /audio/<code>/<key>.wav (recorded in kiosk/voices/ or made by espeak-ng at
// build time from the catalog; the keys and their text are listed in kiosk/audio/prompts.txt).
const FEEDBACK_SPOKEN = new Set(["too_small", "blurred", "glare", "too_dark", "partially_visible", "hold_still", "unreadable", "wrong_side"]);

// The prompt that explains what the current screen wants from the person.
export function promptFor(state) {
  switch (state.state) {
    case "attract": return "attract";
    case "language": return "language";
    case "consent": return "consent";
    case "scan":
      if (state.camera === "lost") return "camera_lost";
      if (FEEDBACK_SPOKEN.has(state.feedback)) return `feedback_${state.feedback}`;
      return "scan";
    case "review": return "review";
    case "done": return state.outcome === "declined" ? "done_declined" : "done_confirmed";
    default: return null;
  }
}

export function audioUrl(code, key) {
  return `/audio/${encodeURIComponent(code)}/${encodeURIComponent(key)}.wav`;
}

let player = null;
export function play(code, key, button) {
  if (!player) player = document.getElementById("voice");
  player.pause();
  player.src = audioUrl(code, key);
  if (button) {
    button.classList.add("playing");
    const done = () => button.classList.remove("playing");
    player.onended = done;
    player.onerror = done;
  }
  player.play().catch(() => button && button.classList.remove("playing"));
}

export function stop() {
  if (player) player.pause();
}
