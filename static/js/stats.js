// Entry module of /stats/: one Chart.js chart per table (the tables stay the accessible source).

const Chart = window.Chart;
const tables = JSON.parse(document.getElementById("stats-data").textContent);
const lang = document.documentElement.lang || "en";

Chart.defaults.locale = lang;
Chart.defaults.font.family = "system-ui, sans-serif";
Chart.defaults.animation = false;

for (const table of tables) {
  const canvas = document.querySelector(`[data-chart="${table.id}"]`);
  if (!canvas || !table.rows.length) continue;
  const { type, indexAxis, labels, datasets } = table.chart;
  new Chart(canvas, {
    type,
    data: { labels: labels.map((l) => l.charAt(0).toUpperCase() + l.slice(1)), datasets },
    options: {
      indexAxis: indexAxis || "x",
      maintainAspectRatio: false,
      plugins: { legend: { display: datasets.length > 1 } },
      scales: { [indexAxis === "y" ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
