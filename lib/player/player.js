// The guided session's player: runs one exercise's steps (lib/guided.py) in the browser.
// Timers live here, never in server reruns. Python hears from it once, when the exercise is
// over ("finished": seconds by this clock, skipped or not, tones on or off) or the person ends
// the session ("end"). Progress within an exercise is kept in localStorage, so a reload
// resumes it (paused). No network, no fonts, no sound files: tones come from Web Audio.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const steps = data.steps;
  const prefix = "poise-player:", store = prefix + data.key;
  forgetOld();
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(store) || "null"); } catch (e) { saved = null; }
  // Progress kept for other steps (the settings changed since) is not this exercise's: start afresh.
  if (!saved || !(saved.index >= 0 && saved.index < steps.length)) saved = null;
  const state = saved || { index: 0, left: null, elapsed: 0, sound: data.sound };
  if (state.left === null) state.left = duration(steps[0]);
  let running = false, last = null, timer = null, audio = null, wake = null, done = false;

  const root = document.createElement("div");
  root.className = "poise-player" + (data.rest_only ? " rest-only" : "");
  root.setAttribute("role", "timer");
  root.innerHTML = `
    <div class="label" data-testid="player-label"></div>
    <div class="phase" data-testid="player-phase" aria-live="polite"></div>
    <div class="pacer" hidden><div class="circle" data-testid="player-circle"></div></div>
    <div class="big" data-testid="player-time"></div>
    <div class="sub" data-testid="player-sub"></div>
    <div class="bar"><div></div></div>
    <div class="controls">
      <button data-act="back" aria-label="Back one step">Back</button>
      <button data-act="toggle" class="primary" data-testid="player-toggle">Start</button>
      <button data-act="next" data-testid="player-next">Next</button>
      <button data-act="skip">Skip exercise</button>
      <button data-act="sound" data-testid="player-sound"></button>
      <button data-act="end">End session</button>
    </div>
    <div class="keys">Space start or pause · Enter next · S skip</div>`;
  parentElement.appendChild(root);
  const $ = (sel) => root.querySelector(sel);

  // Progress is kept per exercise; an exercise left unfinished (timed by hand, skipped from the page,
  // a session discarded) would stay in localStorage for ever: forget what is older than two days.
  function forgetOld() {
    try {
      const cutoff = Date.now() - 2 * 86400000;
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const k = localStorage.key(i);
        if (!k || !k.startsWith(prefix) || k === store) continue;
        let old = null;
        try { old = JSON.parse(localStorage.getItem(k)); } catch (e) { /* unreadable: forget it */ }
        if (!old || !(old.at > cutoff)) localStorage.removeItem(k);
      }
    } catch (e) { /* no storage here: nothing to forget */ }
  }

  function duration(step) { return step.seconds === null ? null : step.seconds * 1000; }
  function fmt(ms) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : String(s);
  }

  // --- sound, wake lock and voice: only what this machine has ---------------------------
  function ensureAudio() {  // called from a tap or key too: browsers allow sound to start only from a gesture
    if (!state.sound) return null;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (e) { audio = null; }
    return audio;
  }
  function tone(freq, ms) {
    if (!state.sound || !ensureAudio()) return;
    try {
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.08;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + ms / 1000);
    } catch (e) { /* no audio here: the words on screen carry every change */ }
  }
  function say(text) {
    if (!data.voice || !window.speechSynthesis) return;
    const local = speechSynthesis.getVoices().filter((v) => v.localService);
    if (!local.length) return;  // never a network voice
    const u = new SpeechSynthesisUtterance(text);
    u.voice = local[0];
    speechSynthesis.speak(u);
  }
  async function keepAwake(on) {
    try {
      if (on && !wake && navigator.wakeLock) wake = await navigator.wakeLock.request("screen");
      if (!on && wake) { await wake.release(); wake = null; }
    } catch (e) { wake = null; }
  }

  // --- what the current step says at this moment ----------------------------------------
  function phaseOf(step, spent) {
    const s = spent / 1000;
    if (step.kind === "tempo") {
      const cycle = step.tempo_s + step.rise_s, rep = Math.min(step.reps, Math.floor(s / cycle) + 1);
      const into = s - (rep - 1) * cycle;
      const phase = into < step.tempo_s ? `down ${Math.min(step.tempo_s, Math.floor(into) + 1)}` : "up";
      return { phase, sub: `Rep ${rep} of ${step.reps}` };
    }
    if (step.kind === "hold") {
      const hold = (step.seconds - (step.reps - 1) * step.switch_s) / step.reps, cycle = hold + step.switch_s;
      const rep = Math.min(step.reps, Math.floor(s / cycle) + 1), into = s - (rep - 1) * cycle;
      // The big count is this hold's (or this switch's) own countdown, not the whole set's.
      const left = 1000 * (into < hold ? hold - into : cycle - into);
      return { phase: into < hold ? "hold" : "switch", sub: step.reps > 1 ? `Hold ${rep} of ${step.reps}` : "", left };
    }
    if (step.kind === "breath") {
      const cycle = step.breath_in_s + step.breath_out_s, into = s % cycle;
      const inhale = into < step.breath_in_s;
      const scale = inhale ? 0.45 + 0.55 * (into / step.breath_in_s)
                           : 1 - 0.55 * ((into - step.breath_in_s) / step.breath_out_s);
      return { phase: inhale ? "in" : "out", sub: "", scale };
    }
    if (step.kind === "rest") return { phase: "rest", sub: "" };
    if (step.kind === "ready") return { phase: "", sub: "get into the start position" };  // the label already says "Get ready"
    return { phase: step.kind === "walk" ? "walking" : "", sub: step.reps ? `${step.reps} reps` : "" };
  }

  let shownPhase = null;
  function draw() {
    const step = steps[state.index];
    const total = duration(step);
    const spent = total === null ? state.spentOpen || 0 : total - state.left;
    const p = phaseOf(step, spent);
    $(".label").textContent = step.label;
    $(".phase").textContent = p.phase;
    $(".sub").textContent = [step.sets > 1 ? `Set ${step.set_no} of ${step.sets}` : "", p.sub].filter(Boolean).join(" · ");
    $(".big").textContent = total === null ? fmt(spent) : fmt(p.left !== undefined ? p.left : state.left);
    $(".pacer").hidden = step.kind !== "breath";
    if (p.scale !== undefined) $(".circle").style.transform = `scale(${p.scale.toFixed(3)})`;
    $(".bar > div").style.width = `${(100 * state.index) / steps.length}%`;
    $('[data-act="toggle"]').textContent = running ? "Pause" : (state.elapsed > 0 ? "Resume" : "Start");
    $('[data-act="next"]').textContent = total === null ? (step.kind === "walk" ? "Stop" : "Set done") : "Next";
    $('[data-act="sound"]').textContent = state.sound ? "Tones on" : "Tones off";
    $('[data-act="sound"]').setAttribute("aria-pressed", String(state.sound));
    if (p.phase !== shownPhase) {
      if (shownPhase !== null && running) { tone(660, 160); say(p.phase); }
      shownPhase = p.phase;
    }
  }

  function remember() {
    if (done) return;  // a finished exercise's progress is gone: never write it back
    state.at = Date.now();
    try { localStorage.setItem(store, JSON.stringify(state)); } catch (e) { /* full or off: the page still times */ }
  }

  function countdown() {  // what the big count shows now ({phase, left} in ms), on a timed step
    const step = steps[state.index], total = duration(step);
    const p = phaseOf(step, total - state.left);
    return { phase: p.phase, left: p.left !== undefined ? p.left : state.left };
  }

  function tick() {
    const now = performance.now(), dt = last === null ? 0 : now - last;
    last = now;
    state.elapsed += dt;
    const step = steps[state.index];
    if (duration(step) === null) {
      state.spentOpen = (state.spentOpen || 0) + dt;
    } else {
      const before = countdown();
      state.left -= dt;
      if (state.left > 0) {  // the last three seconds of the count on screen (of each hold, too)
        const after = countdown(), secs = Math.ceil(after.left / 1000);
        if (after.phase === before.phase && after.phase !== "switch" && secs !== Math.ceil(before.left / 1000)
            && secs > 0 && secs <= 3) tone(880, 90);
      }
      // A late tick (a busy or background tab) carries its overshoot into the next steps,
      // so the session's clock never falls behind the wall clock.
      while (!done && state.left !== null && state.left <= 0) {
        const over = -state.left;
        advance(1);
        if (!done && state.left !== null) state.left -= over;
        else if (!done) state.spentOpen = over;
      }
      if (done) return;
    }
    draw();
    remember();
  }

  function advance(by) {
    const to = state.index + by;
    if (to >= steps.length) return finish(false);
    state.index = Math.max(0, to);
    state.left = duration(steps[state.index]);
    state.spentOpen = 0;
    tone(520, 220);
    say(steps[state.index].label);
    shownPhase = phaseOf(steps[state.index], 0).phase;  // the step's own tone marks its first phase
    draw();
    remember();
  }

  function start() {
    if (running || done) return;
    ensureAudio();
    running = true;
    last = performance.now();
    timer = setInterval(tick, 100);
    keepAwake(true);
    draw();
  }
  function pause() {
    if (!running) return;
    tick();
    running = false;
    clearInterval(timer);
    keepAwake(false);
    draw();
  }
  function finish(skipped) {
    if (done) return;
    done = true;
    running = false;
    clearInterval(timer);
    keepAwake(false);
    try { localStorage.removeItem(store); } catch (e) { /* no storage */ }
    $(".phase").textContent = "";
    $(".sub").textContent = "";
    $(".big").textContent = "0";
    $(".bar > div").style.width = "100%";
    root.querySelectorAll('.controls button:not([data-act="sound"])').forEach((b) => { b.disabled = true; });
    if (data.rest_only) {  // the rest between exercises tells Python nothing: it only times
      $(".label").textContent = "Rest is over";
      tone(520, 220);
      return;
    }
    $(".label").textContent = skipped ? "Skipped" : "Done";
    setTriggerValue("finished", { seconds: Math.round(state.elapsed / 1000), skipped, sound: state.sound });
  }

  const actions = {
    toggle: () => (running ? pause() : start()),
    next: () => advance(1),
    back: () => advance(-1),
    skip: () => finish(true),
    sound: () => { state.sound = !state.sound; if (state.sound) ensureAudio(); remember(); draw(); },
    end: () => { pause(); if (done) return; try { localStorage.removeItem(store); } catch (e) { /* no storage */ }
                 done = true; setTriggerValue("end", { seconds: Math.round(state.elapsed / 1000) }); },
  };
  root.addEventListener("click", (e) => {
    const button = e.target.closest("button"), act = button?.dataset.act;
    if (!act || (done && act !== "sound")) return;  // an exercise over takes no more taps
    actions[act]();
    // A tap or click leaves no focus on the button, so Space and Enter go on meaning pause and next;
    // a button reached with Tab keeps it (e.detail is 0 for a keyboard's click).
    if (e.detail > 0) button.blur();
  });
  function onKey(e) {
    if (done || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;  // Ctrl+S saves the page, never skips
    // The player sits in a shadow root: the element the key went to is the first of the composed path.
    const t = (e.composedPath && e.composedPath()[0]) || e.target;
    const tag = t && t.tagName;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(tag))) return;
    // A focused button, link or summary (the player's or the page's) keeps Space and Enter for itself.
    if ((e.key === " " || e.key === "Enter") && ["BUTTON", "A", "SUMMARY"].includes(tag)) return;
    if (t && t.getAttribute && ["button", "radio", "checkbox", "tab", "option", "link"].includes(t.getAttribute("role"))) return;
    if (e.key === " ") { e.preventDefault(); actions.toggle(); }
    else if (e.key === "Enter") { e.preventDefault(); actions.next(); }
    else if ((e.key === "s" || e.key === "S") && !e.repeat) { actions.skip(); }
  }
  if (!data.rest_only) document.addEventListener("keydown", onKey);  // the rest shares the page with the questions
  if (data.rest_only) root.querySelectorAll('[data-act="back"], [data-act="skip"], [data-act="end"], [data-act="next"], .keys')
    .forEach((el) => { el.hidden = true; });
  draw();
  if (data.autostart) start();
  // Unmounted (the page moved on, or Streamlit mounts the player again, e.g. on a theme change):
  // keep the progress, stop the clock, let go of the sound and the wake lock, leave no second player behind.
  return () => {
    running = false;
    clearInterval(timer);
    remember();  // as of the last tick, a tenth of a second ago
    document.removeEventListener("keydown", onKey);
    keepAwake(false);
    if (audio) { try { audio.close(); } catch (e) { /* already closed */ } audio = null; }
    root.remove();
  };
}
