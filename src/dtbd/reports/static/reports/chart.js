// Draws a report page's bar chart from the data the page carries in #report-chart-data
// (json_script), so the page needs no inline script under the Content-Security-Policy.
(function () {
  "use strict";
  function draw() {
    const canvas = document.getElementById("report-chart");
    const source = document.getElementById("report-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];
    const lang = document.documentElement.lang || "vi";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
