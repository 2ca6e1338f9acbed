// Draws the bar charts of the report pages and the dashboard: every <canvas data-chart="ID">
// reads its data from the json_script element #ID, so no page needs an inline script under
// the Content-Security-Policy.
(function () {
  "use strict";
  const palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const lang = document.documentElement.lang || "vi";
    new Chart(canvas, {
      type: canvas.dataset.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length],
                   borderColor: palette[i % palette.length] };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) {
          return v.toLocaleString(lang) + (spec.unit || "");
        } } } },
        plugins: { legend: { display: spec.series.length > 1 } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
