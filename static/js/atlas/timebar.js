// The time slider: a range input over days, from the first dated status to today, with a
// replay. `onChange(iso, {commit})` is called on every move; commit is true when the reader
// settles on a date (released the slider, paused, pressed Today), which is when the URL and the
// screen-reader summary change: a live region updated 30 times a second would be noise.

import { dayToIso, isoToDay } from "./dates.js";

const REPLAY_SECONDS = 24; // the whole history at 1x

export class Timebar {
  constructor(root, { strings, formatDay, onChange }) {
    this.root = root;
    this.slider = root.querySelector("#timebar-slider");
    this.output = root.querySelector("#timebar-date");
    this.play = root.querySelector("#timebar-play");
    this.speed = root.querySelector("#timebar-speed");
    this.todayButton = root.querySelector("#timebar-today");
    this.strings = strings;
    this.formatDay = formatDay;
    this.onChange = onChange;
    this.playing = false;
    this.frame = null;

    this.slider.addEventListener("input", () => this.emit(false));
    this.slider.addEventListener("change", () => this.emit(true));
    this.slider.addEventListener("keydown", (event) => this.onKey(event));
    this.play.addEventListener("click", () => (this.playing ? this.pause() : this.start()));
    this.todayButton.addEventListener("click", () => {
      this.pause(false);
      this.slider.value = this.slider.max;
      this.emit(true);
    });
  }

  setRange(firstIso, todayIso) {
    this.first = isoToDay(firstIso);
    this.today = isoToDay(todayIso);
    this.slider.min = "0";
    this.slider.max = String(Math.max(this.today - this.first, 0));
    this.slider.disabled = false;
    this.play.disabled = false;
  }

  // null means today (the view without ?at=).
  get iso() {
    const value = Number(this.slider.value);
    return value >= Number(this.slider.max) ? null : dayToIso(this.first + value);
  }

  set iso(iso) {
    const day = iso ? isoToDay(iso) : this.today;
    this.slider.value = String(Math.min(Math.max(day - this.first, 0), Number(this.slider.max)));
    this.render();
  }

  render() {
    const iso = this.iso || dayToIso(this.today);
    const text = this.formatDay(iso);
    this.output.textContent = this.iso ? text : `${text} (${this.strings.today})`;
    this.slider.setAttribute("aria-valuetext", text);
  }

  emit(commit) {
    this.render();
    this.onChange(this.iso, { commit });
  }

  onKey(event) {
    // Arrows move a day (the browser does it); Page keys move a month, as in a date picker.
    const jumps = { PageUp: 30, PageDown: -30 };
    if (!(event.key in jumps)) return;
    event.preventDefault();
    const value = Number(this.slider.value) + jumps[event.key];
    this.slider.value = String(Math.min(Math.max(value, 0), Number(this.slider.max)));
    this.emit(true);
  }

  start() {
    if (Number(this.slider.value) >= Number(this.slider.max)) this.slider.value = "0";
    this.playing = true;
    this.play.setAttribute("aria-pressed", "true");
    this.play.querySelector(".play-icon").textContent = "❚❚";
    this.play.querySelector(".play-text").textContent = this.strings.pause;
    let last = performance.now();
    let position = Number(this.slider.value);
    const step = (now) => {
      const perSecond = (Number(this.slider.max) / REPLAY_SECONDS) * Number(this.speed.value || 1);
      position = Math.min(position + ((now - last) / 1000) * perSecond, Number(this.slider.max));
      last = now;
      if (Math.floor(position) !== Number(this.slider.value)) {
        this.slider.value = String(Math.floor(position));
        this.emit(false);
      }
      if (position >= Number(this.slider.max)) this.pause();
      else this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  pause(commit = true) {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.play.setAttribute("aria-pressed", "false");
    this.play.querySelector(".play-icon").textContent = "▶";
    this.play.querySelector(".play-text").textContent = this.strings.play;
    if (commit) this.emit(true);
  }
}
