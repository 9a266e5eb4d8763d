// The dashboard's charts: numbers come from the page (#chart-data), Chart.js draws them.
// Every chart also has a table in the page, so nothing here is the only way to read a figure.
"use strict";

(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#1a1a1a";
  Chart.defaults.animation = false; // numbers, not motion

  function config(chart) {
    const horizontal = Boolean(chart.horizontal);
    const valueAxis = {
      beginAtZero: true,
      stacked: Boolean(chart.stacked),
      ticks: { precision: 0 },
      grid: { color: "#e2e2e2" },
    };
    if (chart.percent) {
      valueAxis.max = 100;
      valueAxis.ticks = { callback: (v) => v + "%" };
    }
    const labelAxis = { stacked: Boolean(chart.stacked), grid: { display: false }, ticks: { autoSkip: !horizontal } };
    return {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map((d) => ({
          label: d.label,
          data: d.data,
          backgroundColor: d.color,
          borderColor: "#1a1a1a",
          borderWidth: 1,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { position: "top", align: "start" },
          tooltip: chart.percent ? { callbacks: { label: (c) => c.dataset.label + ": " + c.parsed.x + "%" } } : {},
        },
      },
    };
  }

  for (const chart of charts) {
    const canvas = document.getElementById(chart.id);
    if (!canvas) continue;
    if (chart.horizontal) {
      // Room for every bar's label, whatever the screen width (CSS cannot know the count).
      canvas.parentElement.style.height = Math.max(10, 2.2 * chart.bars + 4) + "rem";
    }
    new Chart(canvas, config(chart));
    canvas.dataset.drawn = "true";
  }
})();
