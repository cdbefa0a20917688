// Dates as ISO strings ("2018-12-05") compare correctly as text; days are counted in UTC so
// the slider never drifts with the reader's time zone or daylight saving.

const DAY = 86400000;

export function isoToDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

export function dayToIso(day) {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isValidIso(text) {
  return typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text + "T00:00:00Z"));
}

const formatters = new Map();

function formatter(lang, precision) {
  const key = `${lang}|${precision}`;
  if (!formatters.has(key)) {
    const options = { timeZone: "UTC", year: "numeric" };
    if (precision !== "year") options.month = "long";
    if (precision === "day") options.day = "numeric";
    formatters.set(key, new Intl.DateTimeFormat(lang, options));
  }
  return formatters.get(key);
}

// A date at its precision: "2021", "June 2021" or "24 June 2021" (in the page's language).
export function formatDate(iso, precision, lang) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return formatter(lang, precision || "day").format(new Date(Date.UTC(y, m - 1, d)));
}
